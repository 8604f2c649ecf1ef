// The province's intake of a county's monthly report.
#include "province/intake.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "http/http_reply.hpp"
#include "province/report_payload.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;

const json::string* text_at(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

net::http_response answer(const submission_row& row, const char* status, bool late) {
  json::object o{{"status", status},
                 {"county_code", row.county_code},
                 {"period", row.period},
                 {"version", row.version},
                 {"received_at", format_instant(sys_seconds(std::chrono::seconds(row.received_at)))},
                 {"late", late}};
  o["changes"] = json::parse(row.changes.empty() ? "[]" : row.changes);
  return json_reply(200, o);
}

// A report this province stored itself, read back with the exact double reader
// (boost::json::parse is an ulp off for about one double in ten, which would make a resent
// report's hash differ from the stored one's and turn "duplicate" into 409).
json::value stored_json(const std::string& text) {
  json_limits lim;
  lim.max_bytes = k_max_report_bytes * 4;
  auto v = parse_json(text, lim);
  return v ? std::move(*v) : json::value(json::object{});
}

bool is_int(const json::value* v) { return v != nullptr && (v->is_int64() || v->is_uint64()); }
bool is_number_or_null(const json::value* v) { return v != nullptr && (v->is_number() || v->is_null()); }

// One KPI line as report_json writes it: {kpi, figure: {numerator, denominator, value},
// target, pass}; value and target a number or null, pass a bool or null.
bool kpi_line_ok(const json::value& line) {
  const auto* o = line.if_object();
  if (o == nullptr || text_at(*o, "kpi") == nullptr) return false;
  const auto* fig = o->if_contains("figure");
  const auto* f = fig != nullptr ? fig->if_object() : nullptr;
  const auto* pass = o->if_contains("pass");
  return f != nullptr && is_int(f->if_contains("numerator")) && is_int(f->if_contains("denominator")) &&
         is_number_or_null(f->if_contains("value")) && is_number_or_null(o->if_contains("target")) &&
         pass != nullptr && (pass->is_bool() || pass->is_null());
}

net::http_response invalid(const std::string& en, const std::string& zh) {
  return error_reply(422, errc::validation_failed, en, zh);
}

}  // namespace

net::http_response take_submission(province_store& store, const std::string& county,
                                   const net::http_request& req, std::int64_t now_s, date today_d) {
  json_limits lim;
  lim.max_bytes = k_max_report_bytes;
  auto doc = parse_json(req.body, lim);
  if (!doc) return error_reply(doc.err());
  const auto* env = doc->if_object();
  if (env == nullptr)
    return error_reply(400, errc::bad_request, "the body must be a JSON object", "请求体必须是 JSON 对象");
  const auto* id = text_at(*env, "submission_id");
  const auto* code = text_at(*env, "county_code");
  const auto* month = text_at(*env, "period");
  const auto* rep = env->if_contains("report");
  if (id == nullptr || code == nullptr || month == nullptr || rep == nullptr || !rep->is_object() ||
      !rep->as_object().contains("kpis") || !rep->as_object().at("kpis").is_object()) {
    return error_reply(
        400, errc::bad_request,
        "submission_id, county_code, period (texts) and report (an object with kpis) are required",
        "必须有 submission_id、county_code、period（文本）和 report（含 kpis 的对象）");
  }
  if (!is_uuid(*id))
    return error_reply(400, errc::bad_request, "submission_id must be a UUID", "submission_id 必须是 UUID");
  // The county comes from the token; a body naming another one is refused before anything else.
  if (*code != county) {
    return error_reply(403, errc::forbidden,
                       "this token reports for county " + county + ", not " + std::string(*code),
                       "此令牌只能报送区县 " + county + "，不能报送 " + std::string(*code));
  }
  const std::string period(*month);
  auto months = months_of(period);
  const std::string today = format_date(today_d);
  if (!months || months->size() != 1 || !month_ended(period, today)) {
    return invalid("period must be a month (YYYY-MM) that has ended: " + period,
                   "统计期必须是已结束的月份（YYYY-MM）：" + period);
  }
  const auto& report = rep->as_object();
  const auto& kpis = report.at("kpis").as_object();
  const auto* kc = text_at(kpis, "county_code");
  const auto* kp = kpis.if_contains("period");
  const json::string* label = kp != nullptr && kp->is_object() ? text_at(kp->as_object(), "label") : nullptr;
  if (kc == nullptr || *kc != county || label == nullptr || *label != period) {
    return invalid("report.kpis must be county " + county + "'s report for " + period,
                   "report.kpis 必须是区县 " + county + " " + period + " 的报表");
  }
  // The KPI lines the province's tables and CSV read field by field (every county version
  // writes them all; more fields are fine).
  if (const auto* lines = kpis.if_contains("kpis"); lines != nullptr) {
    if (!lines->is_array() || lines->as_array().size() > k_max_kpi_lines ||
        !std::all_of(lines->as_array().begin(), lines->as_array().end(), kpi_line_ok)) {
      return invalid(
          "report.kpis.kpis must be a list of at most " + std::to_string(k_max_kpi_lines) +
              " KPI lines {kpi, figure: {numerator, denominator, value}, target, pass}",
          "report.kpis.kpis 必须是不超过 " + std::to_string(k_max_kpi_lines) +
              " 行的指标列表，每行为 {kpi, figure: {numerator, denominator, value}, target, pass}");
    }
  }
  for (const auto& [key, cap] :
       {std::pair{"stations", k_max_stations}, std::pair{"townships", k_max_townships}}) {
    if (const auto* a = report.if_contains(key);
        a != nullptr && (!a->is_array() || a->as_array().size() > cap)) {
      return invalid(std::string("report.") + key + " must be a list of at most " + std::to_string(cap),
                     std::string("report.") + key + " 必须是不超过 " + std::to_string(cap) + " 行的列表");
    }
  }
  auto cfg = store.load_settings();
  if (!cfg) return error_reply(cfg.err());
  const std::string hash = content_hash(report);
  const std::string* hub_version = req.header("x-hub-version");
  net::http_response res;
  auto st = store.in_transaction([&]() -> status {
    auto seen = store.by_submission_id(std::string(*id));
    if (!seen) return std::move(seen).err();
    auto history = store.versions(county, period);
    if (!history) return std::move(history).err();
    const bool late =
        !history->empty() && history->front().received_at > deadline_s(period, cfg->deadline_day);
    if (*seen) {
      auto old = stored_json((*seen)->report);
      if ((*seen)->county_code != county || (*seen)->period != period ||
          content_hash(old.as_object()) != hash) {
        res = error_reply(
            409, errc::already_exists,
            "submission_id " + std::string(*id) + " was used before with a different report; make a new id",
            "submission_id " + std::string(*id) + " 已用于另一份报表，请换一个新编号");
      } else {
        res = answer(**seen, "duplicate", late);
      }
      return ok_status();
    }
    if (!history->empty()) {
      const auto& last = history->back();
      auto old = stored_json(last.report);
      if (content_hash(old.as_object()) == hash) {
        res = answer(last, "unchanged", late);
        return ok_status();
      }
    }
    submission_row row;
    row.county_code = county;
    row.period = period;
    row.version = history->empty() ? 1 : history->back().version + 1;
    row.submission_id = std::string(*id);
    row.received_at = now_s;
    row.report = json::serialize(report);
    row.program_version = hub_version ? *hub_version : "";
    row.changes =
        history->empty()
            ? "[]"
            : json::serialize(diff_kpis(stored_json(history->back().report).as_object().at("kpis"), kpis));
    if (auto s = store.insert_version(row); !s) return s;
    res = answer(row, "accepted", history->empty() ? now_s > deadline_s(period, cfg->deadline_day) : late);
    return ok_status();
  });
  if (!st) return error_reply(st.err());
  return res;
}

}  // namespace cunzhan::hub::province
