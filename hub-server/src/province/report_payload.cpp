// Building, fingerprinting and comparing the monthly report (PROTOCOL.md, reporting chain).
#include "province/report_payload.hpp"

#include <boost/json.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "report/kpi_json.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;

// listings.active is "current status now", not a figure of the month (KPIS.md).
void strip_now(json::value& v) {
  if (auto* o = v.if_object()) {
    if (auto* l = o->if_contains("listings"); l != nullptr && l->is_object()) l->as_object().erase("active");
    for (auto& [k, child] : *o) strip_now(child);
  } else if (auto* a = v.if_array()) {
    for (auto& child : *a) strip_now(child);
  }
}

void diff(const json::value& a, const json::value& b, const std::string& path, json::array& out,
          std::size_t max) {
  if (out.size() >= max) return;
  if (a.is_object() && b.is_object()) {
    for (const auto& [k, av] : a.as_object()) {
      const auto* bv = b.as_object().if_contains(k);
      diff(av, bv ? *bv : json::value(nullptr), path.empty() ? std::string(k) : path + "." + std::string(k),
           out, max);
    }
    for (const auto& [k, bv] : b.as_object()) {
      if (!a.as_object().contains(k))
        diff(json::value(nullptr), bv, path.empty() ? std::string(k) : path + "." + std::string(k), out, max);
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    // The KPI table: rows compared by their kpi key, so a path reads "kpis.online_rate.figure.value".
    for (std::size_t i = 0; i < std::max(a.as_array().size(), b.as_array().size()); ++i) {
      const json::value av = i < a.as_array().size() ? a.as_array()[i] : json::value(nullptr);
      const json::value bv = i < b.as_array().size() ? b.as_array()[i] : json::value(nullptr);
      std::string key = std::to_string(i);
      for (const auto* row : {&av, &bv}) {
        if (const auto* o = row->if_object()) {
          if (const auto* k = o->if_contains("kpi"); k && k->is_string()) key = std::string(k->as_string());
        }
      }
      diff(av, bv, path + "." + key, out, max);
    }
    return;
  }
  if (a != b) out.push_back(json::object{{"path", path}, {"from", a}, {"to", b}});
}

}  // namespace

json::object build_report(const kpi::loaded_report& lr) {
  const auto& r = lr.report;
  json::object out;
  out["kpis"] = kpi::report_json(r, lr.targets);
  out["townships"] = kpi::townships_json(r).at("townships");
  json::array stations = kpi::stations_json(r).at("stations").as_array();
  for (auto& s : stations) {
    s.as_object().erase("last_sync");
    s.as_object().erase("sync_lag_s");
  }
  out["stations"] = std::move(stations);
  std::int64_t no_station = 0, no_courier = 0, low_freq = 0;
  for (const auto& v : r.villages_table) {
    for (const auto& why : v.reasons) {
      no_station += why == "no_station";
      no_courier += why == "no_courier_point";
      low_freq += why == "low_frequency";
    }
  }
  out["coverage_summary"] = json::object{{"villages", static_cast<std::int64_t>(r.villages_table.size())},
                                         {"no_station", no_station},
                                         {"no_courier_point", no_courier},
                                         {"low_frequency", low_freq}};
  std::int64_t town_fen = 0, station_fen = 0, station_out = 0;
  for (const auto& t : r.townships_table) town_fen += t.act.sales_fen;
  for (const auto& s : r.stations_table) {
    station_fen += s.act.sales_fen;
    station_out += s.act.parcels_out;
  }
  out["consistency"] = json::object{{"stations", static_cast<std::int64_t>(r.stations_table.size())},
                                    {"stations_operating", r.stations_operating},
                                    {"townships", static_cast<std::int64_t>(r.townships_table.size())},
                                    {"township_sales_fen", town_fen},
                                    {"station_sales_fen", station_fen},
                                    {"station_parcels_outbound", station_out},
                                    {"village_rows", static_cast<std::int64_t>(r.villages_table.size())}};
  return out;
}

std::string content_hash(const json::object& report) {
  json::value v = report;
  strip_now(v);
  return to_hex(sha256(canonical_json(v)));
}

json::array diff_kpis(const json::value& before, const json::value& after, std::size_t max) {
  json::value a = before, b = after;
  strip_now(a);
  strip_now(b);
  json::array out;
  diff(a, b, "", out, max);
  return out;
}

}  // namespace cunzhan::hub::province
