// Validators of listing, pickup and courier_point: every rule of shared/PROTOCOL.md, every problem
// reported at once (the officer fixes a form in one go, the hub rejects with all reasons).
#include "cunzhan/shared/validate.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "cunzhan/shared/text.hpp"
#include "field_checks.hpp"

namespace cunzhan {
namespace {

using detail::add_error;
using detail::check_fen;
using detail::check_not_future;
using detail::check_text;
using detail::field_errors;
using detail::is_code_in;
using detail::latest_allowed;
using detail::text_lines;

// ddd****dddd, the only form of a phone the hub may hold.
bool is_masked_phone(std::string_view s) {
  if (s.size() != 11) return false;
  for (std::size_t i = 0; i < 11; ++i) {
    const bool star = i >= 3 && i < 7;
    if (star ? s[i] != '*' : (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

void check_quantity(field_errors& out, std::string_view field, double q) {
  if (!std::isfinite(q) || q <= 0)
    add_error(out, field, errc::invalid_field, "must be greater than 0", "必须大于 0");
  else if (q > limits::max_quantity)
    add_error(out, field, errc::invalid_field, "is too large (at most 1e9)", "过大（不能超过 10 亿）");
}

void check_farmer(field_errors& out, const listing& l, const validation_context& ctx) {
  if (ctx.hub_side) {
    // PIPL: the farmer's identity never leaves the station.
    if (!l.farmer_name.empty())
      add_error(out, "farmer_name", errc::invalid_field, "must not be sent to the hub", "不得上传到区县中心");
    if (!l.farmer_phone.empty())
      add_error(out, "farmer_phone", errc::invalid_field, "must not be sent to the hub",
                "不得上传到区县中心");
  } else {
    check_text(out, "farmer_name", l.farmer_name, limits::person_name, false);
    if (!l.farmer_phone.empty() && !is_mobile_number(l.farmer_phone))
      add_error(out, "farmer_phone", errc::invalid_field,
                "must be a mainland mobile number (11 digits starting 13–19)",
                "必须是大陆手机号码（以 13–19 开头的 11 位数字）");
  }
  if (!l.farmer_phone_masked.empty() && !is_masked_phone(l.farmer_phone_masked))
    add_error(out, "farmer_phone_masked", errc::invalid_field, "must look like 138****5678",
              "格式必须类似 138****5678");
}

void check_sale(field_errors& out, const listing& l, const validation_context& ctx) {
  if (l.status == listing_status::sold) {
    if (!std::isfinite(l.sold_quantity) || l.sold_quantity <= 0 || l.sold_quantity > l.quantity)
      add_error(out, "sold_quantity", errc::invalid_field, "must be greater than 0 and at most the quantity",
                "必须大于 0 且不超过数量");
    check_fen(out, "sold_amount_fen", l.sold_amount_fen);
    if (!l.sold_at) add_error(out, "sold_at", errc::invalid_field, "is required when sold", "已售时必须填写");
    check_not_future(out, "sold_at", l.sold_at, ctx);
    if (l.sold_at && l.created_at && *l.sold_at < *l.created_at)
      add_error(out, "sold_at", errc::invalid_date, "must not be before created_at (when it was recorded)",
                "不能早于登记时间");
    return;
  }
  if (l.sold_quantity != 0)
    add_error(out, "sold_quantity", errc::invalid_field, "must be 0 unless sold", "未售出时必须为 0");
  if (l.sold_amount_fen != 0)
    add_error(out, "sold_amount_fen", errc::invalid_field, "must be 0 unless sold", "未售出时必须为 0");
  if (l.sold_at)
    add_error(out, "sold_at", errc::invalid_field, "must be empty unless sold", "未售出时必须为空");
}

// A cooperative or enterprise is named (the name is the organisation's, not a person's);
// a household seller is not (its person stays at the station).
void check_seller(field_errors& out, const listing& l) {
  if (l.seller == seller_kind::household) {
    if (!l.seller_name.empty())
      add_error(out, "seller_name", errc::invalid_field, "must be empty for a household seller",
                "农户销售时必须为空");
  } else {
    check_text(out, "seller_name", l.seller_name, limits::seller_name, true);
  }
  detail::check_uuid(out, "villager_id", l.villager_id, false);
}

}  // namespace

std::vector<field_error> validate(const listing& l, const validation_context& ctx) {
  field_errors out;
  detail::check_uuid(out, "id", l.id, true);
  check_text(out, "product_name", l.product_name, limits::product_name, true);
  if (!is_code_in(listing_categories(), l.category))
    add_error(out, "category", errc::unknown_category, "is not a known category", "不是已知的类别");
  check_quantity(out, "quantity", l.quantity);
  if (!is_code_in(listing_units(), l.unit))
    add_error(out, "unit", errc::unknown_unit, "is not a known unit", "不是已知的计量单位");
  check_fen(out, "price_fen", l.price_fen);
  // On the hub "today" follows the station's clock within the tolerance (see validate.hpp).
  const date last_harvest = ctx.hub_side ? std::max(ctx.today, shanghai_day(latest_allowed(ctx))) : ctx.today;
  if (l.harvest_date && *l.harvest_date > last_harvest)
    add_error(out, "harvest_date", errc::invalid_date, "must not be in the future", "不能晚于今天");
  detail::check_division(out, "village_code", l.village_code, detail::code_level::village, ctx);
  check_farmer(out, l, ctx);
  check_sale(out, l, ctx);
  check_text(out, "sales_channel", l.sales_channel, limits::sales_channel, false);
  check_text(out, "note", l.note, limits::note, false, text_lines::several);
  check_seller(out, l);
  if (l.created_at && l.updated_at && *l.updated_at < *l.created_at)
    add_error(out, "updated_at", errc::invalid_date, "must not be before created_at", "不能早于创建时间");
  return out;
}

std::vector<field_error> validate(const pickup& p, const validation_context& ctx) {
  field_errors out;
  detail::check_uuid(out, "id", p.id, true);
  if (!detail::is_known_brand_code(ctx, p.brand))
    add_error(out, "brand", errc::unknown_brand, "is not a known courier brand code",
              "不是已知的快递品牌代码");
  if (p.parcels < 1 || p.parcels > 10000)
    add_error(out, "parcels", errc::invalid_field, "must be between 1 and 10000", "必须在 1 到 10000 之间");
  if (p.weight_kg && (!std::isfinite(*p.weight_kg) || *p.weight_kg < 0))
    add_error(out, "weight_kg", errc::invalid_field, "must not be negative", "不能为负数");
  detail::check_uuid(out, "listing_id", p.listing_id, false);
  if (p.requested_at && p.due_at && *p.due_at < *p.requested_at)
    add_error(out, "due_at", errc::invalid_date, "must not be before requested_at", "不能早于预约时间");
  if (p.status == pickup_status::picked_up && !p.picked_up_at)
    add_error(out, "picked_up_at", errc::invalid_field, "is required when picked up", "已揽收时必须填写");
  check_not_future(out, "picked_up_at", p.picked_up_at, ctx);
  if (p.picked_up_at && p.requested_at && *p.picked_up_at < *p.requested_at)
    add_error(out, "picked_up_at", errc::invalid_date, "must not be before requested_at", "不能早于预约时间");
  const bool tracking_ok =
      p.tracking_no.size() <= limits::tracking_no &&
      std::all_of(p.tracking_no.begin(), p.tracking_no.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
      });
  if (!tracking_ok)
    add_error(out, "tracking_no", errc::invalid_field, "must be at most 40 ASCII letters, digits or dashes",
              "只能包含字母、数字或短横线，且不超过 40 个字符");
  detail::check_uuid(out, "villager_id", p.villager_id, false);
  check_text(out, "failure_reason", p.failure_reason, limits::note, false, text_lines::several);
  check_text(out, "note", p.note, limits::note, false, text_lines::several);
  return out;
}

std::vector<field_error> validate(const courier_point& c, const validation_context& ctx) {
  field_errors out;
  detail::check_uuid(out, "id", c.id, true);
  check_text(out, "name", c.name, limits::point_name, true);
  if (c.brands.empty())
    add_error(out, "brands", errc::invalid_field, "must list at least one brand", "至少需要一个快递品牌");
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < c.brands.size(); ++i) {
    const std::string field = "brands[" + std::to_string(i) + "]";
    if (!detail::is_known_brand_code(ctx, c.brands[i]))
      add_error(out, field, errc::unknown_brand, "is not a known courier brand code",
                "不是已知的快递品牌代码");
    else if (!seen.insert(c.brands[i]).second)
      add_error(out, field, errc::invalid_field, "is listed twice", "重复");
  }
  detail::check_division(out, "village_code", c.village_code,
                         c.kind == point_kind::township_outlet ? detail::code_level::township_or_village
                                                               : detail::code_level::village,
                         ctx);
  if (c.served_villages.size() > limits::served_villages)
    add_error(out, "served_villages", errc::invalid_field, "lists more than 200 villages",
              "不能超过 200 个村");
  std::set<std::string_view> served;
  for (std::size_t i = 0; i < c.served_villages.size(); ++i) {
    const std::string field = "served_villages[" + std::to_string(i) + "]";
    const std::size_t before = out.size();
    detail::check_division(out, field, c.served_villages[i], detail::code_level::village, ctx);
    if (out.size() == before && !served.insert(c.served_villages[i]).second)
      add_error(out, field, errc::invalid_field, "is listed twice", "重复");
  }
  if (c.days_per_week < 1 || c.days_per_week > 7)
    add_error(out, "days_per_week", errc::invalid_field, "must be between 1 and 7", "必须在 1 到 7 之间");
  check_text(out, "filing_no", c.filing_no, limits::filing_no, false);
  if (!c.opened_on) add_error(out, "opened_on", errc::invalid_date, "is required", "必须填写");
  if (c.opened_on && c.closed_on && *c.closed_on <= *c.opened_on)
    add_error(out, "closed_on", errc::invalid_date, "must be after opened_on", "必须晚于开业日期");
  check_text(out, "note", c.note, limits::note, false, text_lines::several);
  return out;
}

status to_status(std::vector<field_error> errors) {
  if (errors.empty()) return ok_status();
  error e(errc::validation_failed);
  e.fields = std::move(errors);
  return e;
}

}  // namespace cunzhan
