// The county KPI engine: computes every figure of KPIS.md ("Precise definitions") for
// one county and period — county-wide, per township, per station — plus the village
// coverage table, from the plain rows storage hands out (rows.hpp: a handful of
// set-based reads), joined in memory, so the cost grows with the county's rows once,
// never with one query per village. No database in sight: tests feed it hand-built rows.
//
// Where KPIS.md is silent, the engine decides (and the tests recount the same way):
// - A station without opened_on operates from its enrolment day; a courier point without
//   opened_on counts as open since before any period. Revoking a token does not close a
//   station; closed_on does.
// - A point's township (township courier coverage) is digits 1–9 of its located-in code,
//   so an outlet located at "510824100" or in any village of that township counts.
// - Online / on-time station-days stop at options::today: days not yet lived are not missed.
// - Listings are credited to the township of their village, pickups and syncs to the
//   station's township. The township table lists counted townships only.
// - Growth value = (current − earlier) ÷ earlier; for a from/to range the "previous period"
//   is the same number of days just before it.
// - The on-time deadline hour is a county setting stored with the targets (deadline_hour).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/kpi_period.hpp"
#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::kpi {

// numerator ÷ denominator; value() is nullopt when the denominator is 0.
struct figure {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> value() const {
    if (denominator == 0) return std::nullopt;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  figure& operator+=(const figure& o) {
    numerator += o.numerator;
    denominator += o.denominator;
    return *this;
  }
};

struct options {
  int evening_hour = 18;  // a day's nightly sync counts when it finished after this hour...
  int deadline_hour = 6;  // ...and no later than this hour the next morning (0–17)
  // Days after `today` are not counted in online rates (they have not happened yet).
  date today = today_shanghai();
  std::int64_t now_s = now_seconds().time_since_epoch().count();  // for sync lag
  bool with_growth = true;    // also compute MoM / YoY sales (two more small queries)
  bool with_services = true;  // also the villager services (county_report::services)
};

// Coverage at the period's last day, over administrative villages.
struct coverage {
  figure station;      // villages with ≥ 1 operating station located in them
  figure courier;      // villages served by ≥ 1 active courier point
  figure four_brands;  // villages whose serving points carry ≥ 4 distinct brands
  figure freq3;        // villages served ≥ 3 days a week
  figure freq5;        // villages served ≥ 5 days a week
  figure fixed_point;  // villages with an active village_fixed point located in them
};

struct category_sales {
  std::int64_t count = 0;
  std::int64_t amount_fen = 0;
};

// Activity figures over the period (sums over stations / listings / pickups).
struct activity {
  figure online;   // operating station-days with a successful sync that day
  figure on_time;  // operating station-days whose nightly sync arrived in the window
  std::int64_t sales_count = 0;
  std::int64_t sales_fen = 0;
  std::map<std::string, category_sales> by_category;
  std::int64_t listings_new = 0;
  std::int64_t listings_active = 0;  // now, not as of the period
  std::int64_t parcels_out = 0;
  std::int64_t parcels_in = 0;
  figure timeliness;  // due in period, not cancelled: collected by due time
  figure failure;     // requested in period, not cancelled: failed
};

struct growth {
  std::int64_t current = 0;
  std::int64_t earlier = 0;
  // (current − earlier) ÷ earlier; nullopt when earlier is 0.
  std::optional<double> value() const {
    if (earlier == 0) return std::nullopt;
    return static_cast<double>(current - earlier) / static_cast<double>(earlier);
  }
};

// Growth of farm-product sales against an earlier period: amount (fen) and number sold.
struct sales_growth {
  growth amount;
  growth count;
};

struct township_report {
  std::string code;
  std::string name;
  int stations_operating = 0;
  bool courier_point = false;  // ≥ 1 active point located in it (township courier coverage)
  coverage cov;
  activity act;
  sales_growth mom, yoy;  // the township's sales against the previous / year-earlier period
};

struct station_report {
  std::string id;
  std::string name;
  std::string kind;
  std::string village_code;
  std::string village_name;
  std::string township_code;
  std::string opened_on;  // effective (enrolment day when unset)
  std::string closed_on;
  bool operating = false;                   // at the period's last day
  std::optional<std::int64_t> last_sync_s;  // last successful sync, any time
  std::optional<std::int64_t> sync_lag_s;   // now − last_sync_s
  std::string program_version;              // the station program its latest sync announced; "" unknown
  activity act;
};

struct village_report {
  std::string code;
  std::string name;
  std::string township_code;
  std::string township_name;
  std::vector<std::string> stations;  // names of operating stations located in it
  std::vector<std::string> brands;    // union over serving points, sorted
  int points = 0;                     // active points serving it
  int frequency = 0;                  // max days per week, 0 when none
  bool fixed_point = false;
  std::vector<std::string> reasons;  // no_station, no_courier_point, low_frequency
};

struct villager_report;  // villager_kpi.hpp

struct county_report {
  std::string county_code;
  period per;
  int villages = 0;   // administrative villages (the coverage denominator)
  int townships = 0;  // counted townships
  int stations_operating = 0;
  figure township_courier;
  coverage cov;
  activity act;
  growth sales_mom, sales_yoy;              // amount in fen
  growth sales_count_mom, sales_count_yoy;  // number of listings sold
  // By category, over the categories sold in either period (a category sold only earlier
  // shows −100 %; one sold only now has a null value).
  std::map<std::string, sales_growth> category_mom, category_yoy;
  std::vector<township_report> townships_table;
  std::vector<station_report> stations_table;
  std::vector<village_report> villages_table;
  // 代买, people served, training, online sellers (KPIS.md "Villager services"); shared
  // because the report is copied by the cache and the figures never change once computed.
  std::shared_ptr<const villager_report> services;
};

// What storage must read for the county, period and options (storage::kpi_inputs).
kpi_query query_for(const std::string& county_code, const period& p, const options& o = {});

// Computes the whole report from the rows read for query_for(rows.county_code, p, o).
// errc::not_found when the county has no registry rows (unknown to this hub).
result<county_report> compute(const kpi_rows& rows, const period& p, const options& o = {});

}  // namespace cunzhan::hub::kpi
