// validate: every rule of listing, pickup and courier_point with a good and a bad value;
// each error names its field and carries both messages; several problems are all reported.
#include <catch2/catch.hpp>

#include <functional>

#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/validate.hpp"

using namespace cunzhan;
using namespace std::chrono;

namespace {

validation_context county_ctx() {
  validation_context ctx;
  ctx.county_code = "500153";
  ctx.today = year{2026} / 11 / 20;
  return ctx;
}

listing good_listing() {
  listing l;
  l.id = uuid_v4();
  l.product_name = "荣昌猪肉";
  l.category = "livestock";
  l.quantity = 100;
  l.unit = "kg";
  l.price_fen = 3200;
  l.harvest_date = year{2026} / 11 / 20;
  l.village_code = "500153102200";
  l.farmer_name = "张三";
  l.farmer_phone = "13812345678";
  l.farmer_phone_masked = "138****5678";
  return l;
}

pickup good_pickup() {
  pickup p;
  p.id = uuid_v7();
  p.brand = "ZTO";
  p.parcels = 3;
  p.weight_kg = 12.5;
  p.requested_at = sys_seconds{seconds{1795180443}};
  p.due_at = p.requested_at;
  return p;
}

courier_point good_point() {
  courier_point c;
  c.id = uuid_v4();
  c.name = "清江镇中通驿站";
  c.brands = {"ZTO", "YTO"};
  c.kind = point_kind::village_fixed;
  c.village_code = "500153102200";
  c.served_villages = {"500153102200", "500153102201"};
  c.days_per_week = 7;
  c.opened_on = year{2025} / 3 / 1;
  return c;
}

// Exactly one error, on `field`, with `code` and both messages.
void check_single(const std::vector<field_error>& errs, const std::string& field, errc code) {
  INFO("expected field " << field);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].field == field);
  CHECK(errs[0].code == code);
  CHECK_FALSE(errs[0].message_en.empty());
  CHECK_FALSE(errs[0].message_zh.empty());
  CHECK(errs[0].message_en != errs[0].message_zh);
}

template <class T>
struct rule_case {
  const char* name;
  std::function<void(T&)> bad;
  std::string field;
  errc code;
};

template <class T>
void run_cases(const T& good, const std::vector<rule_case<T>>& cases, const validation_context& ctx) {
  REQUIRE(validate(good, ctx).empty());
  for (const auto& c : cases) {
    SECTION(c.name) {
      T x = good;
      c.bad(x);
      check_single(validate(x, ctx), c.field, c.code);
    }
  }
}

}  // namespace

TEST_CASE("validate: listing rules, one bad field at a time") {
  const std::string long65(65, 'a');
  std::vector<rule_case<listing>> cases{
      {"bad id", [](listing& l) { l.id = "42"; }, "id", errc::invalid_field},
      {"empty name", [](listing& l) { l.product_name = "  "; }, "product_name", errc::invalid_field},
      {"long name", [&](listing& l) { l.product_name = long65; }, "product_name", errc::text_too_long},
      {"bad utf8", [](listing& l) { l.product_name = "\xC3("; }, "product_name", errc::invalid_utf8},
      {"alias category", [](listing& l) { l.category = "畜禽"; }, "category", errc::unknown_category},
      {"unknown category", [](listing& l) { l.category = "cars"; }, "category", errc::unknown_category},
      {"zero quantity", [](listing& l) { l.quantity = 0; }, "quantity", errc::invalid_field},
      {"huge quantity", [](listing& l) { l.quantity = 2e9; }, "quantity", errc::invalid_field},
      {"unknown unit", [](listing& l) { l.unit = "lb"; }, "unit", errc::unknown_unit},
      {"negative price", [](listing& l) { l.price_fen = -1; }, "price_fen", errc::invalid_field},
      {"huge price", [](listing& l) { l.price_fen = limits::max_price_fen + 1; }, "price_fen",
       errc::invalid_field},
      {"future harvest", [](listing& l) { l.harvest_date = year{2026} / 11 / 21; }, "harvest_date",
       errc::invalid_date},
      {"short village", [](listing& l) { l.village_code = "50015310220"; }, "village_code",
       errc::invalid_division_code},
      {"township code", [](listing& l) { l.village_code = "500153102000"; }, "village_code",
       errc::invalid_division_code},
      {"other county", [](listing& l) { l.village_code = "510824100200"; }, "village_code",
       errc::unknown_division},
      {"long farmer name", [](listing& l) { l.farmer_name = std::string(33, 'x'); }, "farmer_name",
       errc::text_too_long},
      {"landline phone", [](listing& l) { l.farmer_phone = "023-46781234"; }, "farmer_phone",
       errc::invalid_field},
      {"bad mask", [](listing& l) { l.farmer_phone_masked = "13812345678"; }, "farmer_phone_masked",
       errc::invalid_field},
      {"sold without sold_at",
       [](listing& l) {
         l.status = listing_status::sold;
         l.sold_quantity = 10;
       },
       "sold_at", errc::invalid_field},
      {"oversold",
       [](listing& l) {
         l.status = listing_status::sold;
         l.sold_quantity = 101;
         l.sold_at = sys_seconds{seconds{1795180443}};
       },
       "sold_quantity", errc::invalid_field},
      {"negative sold amount",
       [](listing& l) {
         l.status = listing_status::sold;
         l.sold_quantity = 100;
         l.sold_amount_fen = -5;
         l.sold_at = sys_seconds{seconds{1795180443}};
       },
       "sold_amount_fen", errc::invalid_field},
      {"sold_quantity while listed", [](listing& l) { l.sold_quantity = 1; }, "sold_quantity",
       errc::invalid_field},
      {"sold_amount while listed", [](listing& l) { l.sold_amount_fen = 1; }, "sold_amount_fen",
       errc::invalid_field},
      {"sold_at while withdrawn",
       [](listing& l) {
         l.status = listing_status::withdrawn;
         l.sold_at = sys_seconds{seconds{1}};
       },
       "sold_at", errc::invalid_field},
      {"long channel", [](listing& l) { l.sales_channel = std::string(33, 'c'); }, "sales_channel",
       errc::text_too_long},
      {"long note", [](listing& l) { l.note = std::string(501, 'n'); }, "note", errc::text_too_long},
      {"updated before created",
       [](listing& l) {
         l.created_at = sys_seconds{seconds{100}};
         l.updated_at = sys_seconds{seconds{99}};
       },
       "updated_at", errc::invalid_date},
  };
  run_cases(good_listing(), cases, county_ctx());
}

TEST_CASE("validate: listing good values at the limits pass") {
  auto ctx = county_ctx();
  listing l = good_listing();
  l.farmer_name = std::string(32, 'x');
  l.note = std::string(500, 'n');
  l.product_name = "";
  for (int i = 0; i < 64; ++i) l.product_name += "荣";  // 64 code points, 192 bytes
  l.price_fen = limits::max_price_fen;
  l.quantity = limits::max_quantity;
  l.unit = "斤";
  l.harvest_date.reset();
  l.farmer_phone = "+86 138-1234-5678";
  l.status = listing_status::sold;
  l.sold_quantity = l.quantity;
  l.sold_amount_fen = 0;
  l.sold_at = sys_seconds{seconds{1795180443}};
  CHECK(validate(l, ctx).empty());
  l.village_code = "500153102500";  // 类似村民委员会
  CHECK(validate(l, ctx).empty());
  l.village_code = "500153001001";  // a community may list produce too
  CHECK(validate(l, ctx).empty());
  ctx.county_code.clear();
  l.village_code = "510824100200";
  CHECK(validate(l, ctx).empty());
}

TEST_CASE("validate: hub side requires no farmer identity and a masked phone") {
  auto ctx = county_ctx();
  ctx.hub_side = true;
  listing l = good_listing();
  auto errs = validate(l, ctx);
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].field == "farmer_name");
  CHECK(errs[1].field == "farmer_phone");
  l.farmer_name.clear();
  l.farmer_phone.clear();
  CHECK(validate(l, ctx).empty());
  l.farmer_phone_masked.clear();
  CHECK(validate(l, ctx).empty());
  l.farmer_phone_masked = "138***5678";
  check_single(validate(l, ctx), "farmer_phone_masked", errc::invalid_field);
}

TEST_CASE("validate: known villages restrict the codes when given") {
  auto ctx = county_ctx();
  const std::vector<std::string> known{"500153102200", "500153102201", "500153203200"};
  ctx.known_villages = &known;
  listing l = good_listing();
  CHECK(validate(l, ctx).empty());
  l.village_code = "500153102299";
  check_single(validate(l, ctx), "village_code", errc::unknown_division);
  const std::vector<std::string> none;
  ctx.known_villages = &none;  // empty list: offline, shape and county only
  CHECK(validate(l, ctx).empty());
}

TEST_CASE("validate: a record with several problems reports all of them") {
  listing l = good_listing();
  l.id = "";
  l.product_name = "";
  l.category = "x";
  l.quantity = -1;
  l.unit = "";
  l.price_fen = -1;
  l.village_code = "bad";
  l.farmer_phone = "123";
  auto errs = validate(l, county_ctx());
  std::vector<std::string> fields;
  for (const auto& e : errs) {
    fields.push_back(e.field);
    CHECK_FALSE(e.message_en.empty());
    CHECK_FALSE(e.message_zh.empty());
  }
  CHECK(fields == std::vector<std::string>{"id", "product_name", "category", "quantity", "unit", "price_fen",
                                           "village_code", "farmer_phone"});
  const status s = to_status(errs);
  REQUIRE_FALSE(s.ok());
  CHECK(s.err().code == errc::validation_failed);
  CHECK(s.err().fields.size() == 8);
  const std::string zh = s.err().describe(lang::zh);
  CHECK(zh.find("产品名称") != std::string::npos);
  CHECK(zh.find("农户电话") != std::string::npos);
  CHECK(s.err().describe(lang::en).find("farmer_phone: farmer phone must be") != std::string::npos);
  CHECK(to_status({}).ok());
}

TEST_CASE("validate: pickup rules, one bad field at a time") {
  std::vector<rule_case<pickup>> cases{
      {"bad id", [](pickup& p) { p.id = "not-a-uuid"; }, "id", errc::invalid_field},
      {"unknown brand", [](pickup& p) { p.brand = "XYZ"; }, "brand", errc::unknown_brand},
      {"brand by name", [](pickup& p) { p.brand = "中通"; }, "brand", errc::unknown_brand},
      {"zero parcels", [](pickup& p) { p.parcels = 0; }, "parcels", errc::invalid_field},
      {"too many parcels", [](pickup& p) { p.parcels = 10001; }, "parcels", errc::invalid_field},
      {"negative weight", [](pickup& p) { p.weight_kg = -0.5; }, "weight_kg", errc::invalid_field},
      {"bad listing id", [](pickup& p) { p.listing_id = "abc"; }, "listing_id", errc::invalid_field},
      {"due before requested", [](pickup& p) { p.due_at = *p.requested_at - seconds{1}; }, "due_at",
       errc::invalid_date},
      {"picked up without time", [](pickup& p) { p.status = pickup_status::picked_up; }, "picked_up_at",
       errc::invalid_field},
      {"tracking with space", [](pickup& p) { p.tracking_no = "ZT 123"; }, "tracking_no",
       errc::invalid_field},
      {"tracking too long", [](pickup& p) { p.tracking_no = std::string(41, '7'); }, "tracking_no",
       errc::invalid_field},
      {"long failure reason", [](pickup& p) { p.failure_reason = std::string(501, 'f'); }, "failure_reason",
       errc::text_too_long},
      {"bad note utf8", [](pickup& p) { p.note = "\xFF"; }, "note", errc::invalid_utf8},
  };
  run_cases(good_pickup(), cases, county_ctx());
}

TEST_CASE("validate: pickup good values and county brands") {
  auto ctx = county_ctx();
  pickup p = good_pickup();
  p.parcels = 10000;
  p.weight_kg = 0;
  p.listing_id = uuid_v7();
  p.status = pickup_status::picked_up;
  p.picked_up_at = p.requested_at;
  p.tracking_no = std::string(39, '7') + "-";
  p.direction = pickup_direction::inbound;
  CHECK(validate(p, ctx).empty());
  p.brand = "ANE";
  check_single(validate(p, ctx), "brand", errc::unknown_brand);
  auto reg = brand_registry::builtin();
  REQUIRE(reg.add({"ANE", "安能", "ANE Logistics"}));
  ctx.brands = &reg;
  CHECK(validate(p, ctx).empty());
}

TEST_CASE("validate: courier point rules, one bad field at a time") {
  std::vector<rule_case<courier_point>> cases{
      {"bad id", [](courier_point& c) { c.id = ""; }, "id", errc::invalid_field},
      {"empty name", [](courier_point& c) { c.name = ""; }, "name", errc::invalid_field},
      {"long name", [](courier_point& c) { c.name = std::string(65, 'n'); }, "name", errc::text_too_long},
      {"no brands", [](courier_point& c) { c.brands.clear(); }, "brands", errc::invalid_field},
      {"duplicate brand",
       [](courier_point& c) {
         c.brands = {"ZTO", "SF", "ZTO"};
       },
       "brands[2]", errc::invalid_field},
      {"unknown brand",
       [](courier_point& c) {
         c.brands = {"ZTO", "NOPE"};
       },
       "brands[1]", errc::unknown_brand},
      {"days zero", [](courier_point& c) { c.days_per_week = 0; }, "days_per_week", errc::invalid_field},
      {"days eight", [](courier_point& c) { c.days_per_week = 8; }, "days_per_week", errc::invalid_field},
      {"served bad shape", [](courier_point& c) { c.served_villages.push_back("5001531022"); },
       "served_villages[2]", errc::invalid_division_code},
      {"served other county", [](courier_point& c) { c.served_villages.push_back("510824100200"); },
       "served_villages[2]", errc::unknown_division},
      {"served township", [](courier_point& c) { c.served_villages.push_back("500153102000"); },
       "served_villages[2]", errc::invalid_division_code},
      {"served duplicate", [](courier_point& c) { c.served_villages.push_back("500153102200"); },
       "served_villages[2]", errc::invalid_field},
      {"served too many",
       [](courier_point& c) {
         c.served_villages.clear();
         for (int i = 200; i <= 400; ++i) c.served_villages.push_back("500153102" + std::to_string(i));
       },
       "served_villages", errc::invalid_field},
      {"long filing", [](courier_point& c) { c.filing_no = std::string(65, '1'); }, "filing_no",
       errc::text_too_long},
      {"no opened_on", [](courier_point& c) { c.opened_on.reset(); }, "opened_on", errc::invalid_date},
      {"closed same day", [](courier_point& c) { c.closed_on = c.opened_on; }, "closed_on",
       errc::invalid_date},
      {"fixed point at township", [](courier_point& c) { c.village_code = "500153102000"; }, "village_code",
       errc::invalid_division_code},
      {"outlet at county code",
       [](courier_point& c) {
         c.kind = point_kind::township_outlet;
         c.village_code = "500153000000";
       },
       "village_code", errc::invalid_division_code},
      {"outlet in other county",
       [](courier_point& c) {
         c.kind = point_kind::township_outlet;
         c.village_code = "510824100000";
       },
       "village_code", errc::unknown_division},
      {"long note", [](courier_point& c) { c.note = std::string(501, 'n'); }, "note", errc::text_too_long},
  };
  run_cases(good_point(), cases, county_ctx());
}

TEST_CASE("validate: courier point good values and known villages") {
  auto ctx = county_ctx();
  courier_point c = good_point();
  c.kind = point_kind::township_outlet;
  c.village_code = "500153102000";  // an outlet sits in the township
  c.days_per_week = 1;
  c.closed_on = year{2025} / 3 / 2;
  c.filing_no = std::string(64, '1');
  c.served_villages.clear();
  for (int i = 200; i < 400; ++i) c.served_villages.push_back("500153102" + std::to_string(i));
  CHECK(validate(c, ctx).empty());  // exactly 200 served villages

  const std::vector<std::string> known{"500153102200", "500153102201"};
  ctx.known_villages = &known;
  c.served_villages = {"500153102200", "500153102201"};
  CHECK(validate(c, ctx).empty());
  c.village_code = "500153103000";  // township with no known village
  check_single(validate(c, ctx), "village_code", errc::unknown_division);
  c.village_code = "500153102000";
  c.served_villages.push_back("500153102202");
  check_single(validate(c, ctx), "served_villages[2]", errc::unknown_division);
  c.served_villages.pop_back();
  c.kind = point_kind::served_village;
  c.village_code = "500153102201";
  CHECK(validate(c, ctx).empty());
}

TEST_CASE("validate: sold and picked-up times must not be in the future or out of order") {
  auto ctx = county_ctx();
  ctx.now = sys_seconds{seconds{1795180443}} + hours{2};  // fixed, not the test machine's clock
  ctx.future_tolerance = minutes{10};
  listing l = good_listing();
  l.status = listing_status::sold;
  l.sold_quantity = l.quantity;
  l.created_at = sys_seconds{seconds{1795180443}};
  l.sold_at = ctx.now + minutes{5};  // within the tolerance: two clocks never agree
  CHECK(validate(l, ctx).empty());
  l.sold_at = ctx.now + hours{1};
  check_single(validate(l, ctx), "sold_at", errc::invalid_date);
  CHECK(validate(l, ctx)[0].message_en.find("future") != std::string::npos);
  CHECK(validate(l, ctx)[0].message_zh.find("当前时间") != std::string::npos);
  l.sold_at = *l.created_at - hours{1};
  check_single(validate(l, ctx), "sold_at", errc::invalid_date);
  CHECK(validate(l, ctx)[0].message_zh.find("登记时间") != std::string::npos);

  pickup p = good_pickup();
  p.status = pickup_status::picked_up;
  p.picked_up_at = *p.requested_at + minutes{30};
  CHECK(validate(p, ctx).empty());
  p.picked_up_at = *p.requested_at - minutes{1};
  check_single(validate(p, ctx), "picked_up_at", errc::invalid_date);
  CHECK(validate(p, ctx)[0].message_zh.find("预约时间") != std::string::npos);
  p.picked_up_at = ctx.now + hours{3};
  check_single(validate(p, ctx), "picked_up_at", errc::invalid_date);
}

TEST_CASE("validate: the hub tolerates a station clock running hours ahead, not days") {
  auto ctx = county_ctx();
  ctx.hub_side = true;
  ctx.now = sys_seconds{seconds{1795180443}};
  listing l = good_listing();
  l.farmer_name.clear();
  l.farmer_phone.clear();
  l.status = listing_status::sold;
  l.sold_quantity = l.quantity;
  l.sold_at = ctx.now + hours{12};  // a station whose clock is half a day fast still syncs
  CHECK(validate(l, ctx).empty());
  ctx.hub_side = false;
  check_single(validate(l, ctx), "sold_at", errc::invalid_date);  // the station itself refuses it
  ctx.hub_side = true;
  l.sold_at = ctx.now + hours{24 * 3};
  check_single(validate(l, ctx), "sold_at", errc::invalid_date);
}

TEST_CASE("validate: control characters are refused in text, tab and newline allowed only in notes") {
  const validation_context ctx = county_ctx();
  for (const std::string& bad : {std::string("ab\0cd", 5), std::string("ab\x01"), std::string("a\x1b[31m"),
                                 std::string("ab\x7f"), std::string("a\tb"), std::string("a\nb")}) {
    listing l = good_listing();
    l.product_name = bad;
    const auto errs = validate(l, ctx);
    check_single(errs, "product_name", errc::invalid_field);
    CHECK(errs[0].message_en.find("contains a control character (U+00") != std::string::npos);
    CHECK(errs[0].message_zh.find("含有控制字符（U+00") != std::string::npos);
  }
  listing nul = good_listing();
  nul.product_name = std::string("红薯\0", 7);
  const auto e = validate(nul, ctx);
  REQUIRE(e.size() == 1);
  CHECK(e[0].message_en == "product name contains a control character (U+0000) at character 3");
  CHECK(e[0].message_zh == "产品名称第 3 个字处含有控制字符（U+0000）");

  // Notes keep their lines and tabs (CR-LF as a browser's textarea sends it), nothing else.
  listing note = good_listing();
  note.note = "第一行\r\n第二行\n\t缩进";
  CHECK(validate(note, ctx).empty());
  for (const std::string& bad :
       {std::string("a\rb"), std::string("a\0b", 3), std::string("a\x7f"), std::string("a\x0b")}) {
    note.note = bad;
    check_single(validate(note, ctx), "note", errc::invalid_field);
  }
  pickup p = good_pickup();
  p.failure_reason = "无人\n在家";
  CHECK(validate(p, ctx).empty());
  p.note = std::string("x\0", 2);
  check_single(validate(p, ctx), "note", errc::invalid_field);
  courier_point c = good_point();
  c.name = "驿站\t二号";
  check_single(validate(c, ctx), "name", errc::invalid_field);
  // The hub checks with the same validator.
  validation_context hub = ctx;
  hub.hub_side = true;
  listing h = good_listing();
  h.farmer_name.clear();
  h.farmer_phone.clear();
  h.sales_channel = "微信\x1f";
  check_single(validate(h, hub), "sales_channel", errc::invalid_field);
}
