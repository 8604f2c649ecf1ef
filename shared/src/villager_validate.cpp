// Validators of the villager services (shared/PROTOCOL.md "Villager services"): the same
// rules at the station (forms, CLI, CSV) and at the hub (ingest), every problem at once.
#include <algorithm>

#include "cunzhan/shared/villager_validate.hpp"

#include "cunzhan/shared/text.hpp"
#include "field_checks.hpp"

namespace cunzhan {
namespace {

using detail::add_error;
using detail::check_text;
using detail::field_errors;
using detail::is_code_in;
using detail::text_lines;

// A field that never leaves the station: refused on the hub whatever it holds.
bool refused_at_hub(field_errors& out, std::string_view field, std::string_view v,
                    const validation_context& ctx) {
  if (!ctx.hub_side) return false;
  if (!v.empty())
    add_error(out, field, errc::invalid_field, "must not be sent to the hub", "不得上传到区县中心");
  return true;
}

void check_note(field_errors& out, std::string_view note, const validation_context& ctx) {
  if (!refused_at_hub(out, "note", note, ctx))
    check_text(out, "note", note, limits::note, false, text_lines::several);
}

// The last day a record may name: today, on the hub the station's clock within the tolerance.
date last_day(const validation_context& ctx) {
  return ctx.hub_side ? std::max(ctx.today, shanghai_day(detail::latest_allowed(ctx))) : ctx.today;
}

// A step time: not in the future, not before the order.
void check_step(field_errors& out, std::string_view field, const std::optional<sys_seconds>& t,
                const proxy_buy_order& o, const validation_context& ctx) {
  detail::check_not_future(out, field, t, ctx);
  if (t && o.ordered_at && *t < *o.ordered_at)
    add_error(out, field, errc::invalid_date, "must not be before ordered_at", "不能早于下单时间");
}

void need(field_errors& out, std::string_view field, const std::optional<sys_seconds>& t,
          proxy_buy_status s) {
  if (!t)
    add_error(out, field, errc::invalid_field, "is required when the status is " + std::string(to_string(s)),
              "在状态为“" + std::string(label_zh(s)) + "”时必须填写");
}

void forbid(field_errors& out, std::string_view field, const std::optional<sys_seconds>& t,
            proxy_buy_status s) {
  if (t)
    add_error(out, field, errc::invalid_field,
              "must be empty when the status is " + std::string(to_string(s)),
              "在状态为“" + std::string(label_zh(s)) + "”时必须为空");
}

// ordered → arrived → handed_over | returned | cancelled: each status has exactly its step times.
void check_steps(field_errors& out, const proxy_buy_order& o) {
  const auto s = o.status;
  const bool arrived_needed = s == proxy_buy_status::arrived || s == proxy_buy_status::handed_over;
  const bool arrived_allowed = arrived_needed || s == proxy_buy_status::returned;
  if (arrived_needed) need(out, "arrived_at", o.arrived_at, s);
  if (!arrived_allowed) forbid(out, "arrived_at", o.arrived_at, s);
  if (s == proxy_buy_status::handed_over)
    need(out, "handed_over_at", o.handed_over_at, s);
  else
    forbid(out, "handed_over_at", o.handed_over_at, s);
  if (s == proxy_buy_status::returned)
    need(out, "returned_at", o.returned_at, s);
  else
    forbid(out, "returned_at", o.returned_at, s);
  if (s == proxy_buy_status::cancelled)
    need(out, "cancelled_at", o.cancelled_at, s);
  else
    forbid(out, "cancelled_at", o.cancelled_at, s);
  if (o.arrived_at && o.handed_over_at && *o.handed_over_at < *o.arrived_at)
    add_error(out, "handed_over_at", errc::invalid_date, "must not be before arrived_at", "不能早于到站时间");
  if (o.arrived_at && o.returned_at && *o.returned_at < *o.arrived_at)
    add_error(out, "returned_at", errc::invalid_date, "must not be before arrived_at", "不能早于到站时间");
}

}  // namespace

std::vector<field_error> validate(const villager& v, const validation_context& ctx) {
  field_errors out;
  detail::check_uuid(out, "id", v.id, true);
  detail::check_division(out, "village_code", v.village_code, detail::code_level::village, ctx);
  if (v.household_size < 1 || v.household_size > limits::max_household_size)
    add_error(out, "household_size", errc::invalid_field, "must be between 1 and 99", "必须在 1 到 99 之间");
  if (!refused_at_hub(out, "name", v.name, ctx)) check_text(out, "name", v.name, limits::person_name, true);
  if (!refused_at_hub(out, "phone", v.phone, ctx) && !v.phone.empty() && !is_mobile_number(v.phone))
    add_error(out, "phone", errc::invalid_field,
              "must be a mainland mobile number (11 digits starting 13–19)",
              "必须是大陆手机号码（以 13–19 开头的 11 位数字）");
  check_note(out, v.note, ctx);
  return out;
}

std::vector<field_error> validate(const proxy_buy_order& o, const validation_context& ctx) {
  field_errors out;
  detail::check_uuid(out, "id", o.id, true);
  detail::check_uuid(out, "villager_id", o.villager_id, true);
  if (!is_code_in(proxy_buy_categories(), o.category))
    add_error(out, "category", errc::unknown_category, "is not a known category", "不是已知的类别");
  if (!is_code_in(proxy_buy_platforms(), o.platform))
    add_error(out, "platform", errc::invalid_field, "is not a known platform", "不是已知的购物平台");
  if (o.item_count < 1 || o.item_count > limits::max_item_count)
    add_error(out, "item_count", errc::invalid_field, "must be between 1 and 10000",
              "必须在 1 到 10000 之间");
  detail::check_fen(out, "amount_fen", o.amount_fen);
  if (!o.ordered_at) add_error(out, "ordered_at", errc::invalid_field, "is required", "必须填写");
  detail::check_not_future(out, "ordered_at", o.ordered_at, ctx);
  check_step(out, "arrived_at", o.arrived_at, o, ctx);
  check_step(out, "handed_over_at", o.handed_over_at, o, ctx);
  check_step(out, "returned_at", o.returned_at, o, ctx);
  check_step(out, "cancelled_at", o.cancelled_at, o, ctx);
  check_steps(out, o);
  detail::check_uuid(out, "pickup_id", o.pickup_id, false);
  check_note(out, o.note, ctx);
  return out;
}

std::vector<field_error> validate(const villager_service& s, const validation_context& ctx) {
  field_errors out;
  detail::check_uuid(out, "id", s.id, true);
  detail::check_uuid(out, "villager_id", s.villager_id, true);
  if (!s.served_on)
    add_error(out, "served_on", errc::invalid_date, "is required", "必须填写");
  else if (*s.served_on > last_day(ctx))
    add_error(out, "served_on", errc::invalid_date, "must not be in the future", "不能晚于今天");
  detail::check_uuid(out, "source_id", s.source_id, false);
  check_note(out, s.note, ctx);
  return out;
}

}  // namespace cunzhan
