// Value parsing/formatting for the CLI and CSV (see fields.hpp).
#include "fields.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "cunzhan/shared/text.hpp"

namespace cunzhan::station_client {
namespace {

error bad(std::string en, std::string zh) {
  return error(errc::invalid_argument, std::move(en), std::move(zh));
}

// Drops a leading ¥/￥ and a trailing 元, which people type out of habit.
std::string_view strip_currency(std::string_view s) {
  s = trim(s);
  for (std::string_view p : {"¥", "￥"}) {
    if (s.starts_with(p)) s.remove_prefix(p.size());
  }
  if (s.ends_with("元")) s.remove_suffix(std::string_view("元").size());
  return trim(s);
}

}  // namespace

result<std::int64_t> parse_yuan(std::string_view text) {
  const std::string_view s = strip_currency(text);
  const std::string shown(trim(text));
  std::int64_t yuan = 0;
  std::size_t i = 0;
  if (s.empty()) return bad("empty amount", "金额为空");
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (yuan > 100'000'000'000) return bad("amount too large: " + shown, "金额过大：" + shown);
    yuan = yuan * 10 + (s[i] - '0');
  }
  if (i == 0 && (s.empty() || s[0] != '.')) {
    return bad("not an amount in yuan: " + shown, "不是以元为单位的金额：" + shown);
  }
  std::int64_t fen = 0;
  if (i < s.size()) {
    if (s[i] != '.') return bad("not an amount in yuan: " + shown, "不是以元为单位的金额：" + shown);
    ++i;
    int digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (digits < 2) {
        fen = fen * 10 + (s[i] - '0');
      } else if (s[i] != '0') {
        return bad("not an integer number of fen: " + shown, "不是整数分（最多两位小数）：" + shown);
      }
    }
    if (i < s.size()) return bad("not an amount in yuan: " + shown, "不是以元为单位的金额：" + shown);
    // "." or "" after a sign of habit: a point needs a digit on one side at least.
    if (digits == 0 && s.size() == 1)
      return bad("not an amount in yuan: " + shown, "不是以元为单位的金额：" + shown);
    if (digits == 1) fen *= 10;
  }
  return yuan * 100 + fen;
}

std::string format_yuan(std::int64_t fen) {
  char buf[32];
  const char* sign = fen < 0 ? "-" : "";
  const std::int64_t a = fen < 0 ? -fen : fen;
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", sign, static_cast<long long>(a / 100),
                static_cast<long long>(a % 100));
  return buf;
}

result<double> parse_decimal(std::string_view text) {
  const std::string_view s = trim(text);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
    return bad("not a number: " + std::string(s), "不是数字：" + std::string(s));
  }
  return v;
}

result<std::int64_t> parse_integer(std::string_view text) {
  const std::string_view s = trim(text);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return bad("not a whole number: " + std::string(s), "不是整数：" + std::string(s));
  }
  return v;
}

result<date> parse_day(std::string_view text) {
  const std::string_view s = trim(text);
  if (auto d = parse_date(s)) return *d;
  return error(errc::invalid_date, "not a date (YYYY-MM-DD): " + std::string(s),
               "不是有效日期（格式 YYYY-MM-DD）：" + std::string(s));
}

result<sys_seconds> parse_time(std::string_view text) {
  const std::string_view s = trim(text);
  if (auto t = parse_instant(s)) return *t;
  return error(errc::invalid_date, "not a time (YYYY-MM-DD HH:MM or RFC 3339): " + std::string(s),
               "不是有效时间（格式 YYYY-MM-DD HH:MM）：" + std::string(s));
}

std::string format_decimal(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : std::string("0");
}

namespace {

template <class E, std::size_t N>
std::optional<E> by_code_or_label(std::string_view text, const E (&all)[N]) {
  const std::string_view s = trim(text);
  for (E v : all) {
    if (s == to_string(v) || s == label_zh(v)) return v;
  }
  return std::nullopt;
}

}  // namespace

std::optional<listing_status> parse_listing_status_text(std::string_view s) {
  constexpr listing_status all[] = {listing_status::draft, listing_status::listed, listing_status::reserved,
                                    listing_status::sold, listing_status::withdrawn};
  return by_code_or_label(s, all);
}

std::optional<pickup_status> parse_pickup_status_text(std::string_view s) {
  constexpr pickup_status all[] = {pickup_status::requested, pickup_status::picked_up,
                                   pickup_status::cancelled, pickup_status::failed};
  return by_code_or_label(s, all);
}

std::optional<point_kind> parse_point_kind_text(std::string_view s) {
  constexpr point_kind all[] = {point_kind::village_fixed, point_kind::served_village,
                                point_kind::township_outlet};
  return by_code_or_label(s, all);
}

std::optional<seller_kind> parse_seller_kind_text(std::string_view s) {
  constexpr seller_kind all[] = {seller_kind::household, seller_kind::cooperative, seller_kind::enterprise};
  return by_code_or_label(s, all);
}

std::optional<proxy_buy_status> parse_order_status_text(std::string_view s) {
  constexpr proxy_buy_status all[] = {proxy_buy_status::ordered, proxy_buy_status::arrived,
                                      proxy_buy_status::handed_over, proxy_buy_status::returned,
                                      proxy_buy_status::cancelled};
  return by_code_or_label(s, all);
}

std::optional<service_kind> parse_service_kind_text(std::string_view s) {
  constexpr service_kind all[] = {
      service_kind::proxy_buy,   service_kind::proxy_sell, service_kind::parcel, service_kind::bill_payment,
      service_kind::information, service_kind::training,   service_kind::other};
  return by_code_or_label(s, all);
}

std::optional<pickup_direction> parse_direction_text(std::string_view text) {
  const std::string_view s = trim(text);
  if (s == "揽收" || s == "寄出") return pickup_direction::outbound;
  if (s == "代收" || s == "收件") return pickup_direction::inbound;
  return parse_pickup_direction(s);
}

const brand_registry& brands_of(const validation_context& ctx) {
  static const brand_registry builtin = brand_registry::builtin();
  return ctx.brands ? *ctx.brands : builtin;
}

const brand_registry& brands_of(const result<validation_context>& ctx) {
  static const validation_context none;
  return brands_of(ctx ? *ctx : none);
}

std::string canonical_brand(const brand_registry& reg, std::string_view s) {
  const courier_brand* b = reg.find(trim(s));
  return b ? b->code : std::string(trim(s));
}

field_error as_field_error(std::string field, const error& e) {
  field_error f;
  f.field = std::move(field);
  f.code = e.code;
  f.message_en = e.detail_en.empty() ? std::string(message(e.code, lang::en)) : e.detail_en;
  f.message_zh = e.detail_zh.empty() ? std::string(message(e.code, lang::zh)) : e.detail_zh;
  return f;
}

}  // namespace cunzhan::station_client
