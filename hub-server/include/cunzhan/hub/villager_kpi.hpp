// The villager-service KPIs of hub-server/KPIS.md "Villager services" — 代买 orders,
// people served, trained stations, officers and training, online sellers — as a pure
// computation over plain rows (storage reads them: rows.hpp kpi_villager_rows;
// kpi/villager_rows.cpp turns them into villager_inputs).
// County-wide, per township and per station, for one period.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::kpi {

// ---- rows in (times in UTC seconds, days as day_number) ----
struct station_in {
  std::string id, township_code, village_code;
  std::int64_t open_day = 0;  // effective opened_on (KPIS.md: enrolment day when unset)
  std::optional<std::int64_t> close_day;
  bool operating_on(std::int64_t n) const { return open_day <= n && (!close_day || *close_day > n); }
};
// Read as they are stored (rows.hpp).
using villager_in = kpi_villager;
using proxy_buy_in = kpi_proxy_buy;
using sale_in = kpi_seller_sale;
struct service_in {
  std::string villager_id, station_id;
  std::int64_t day = 0;
};
struct assignment_in {
  std::string officer_id, station_id;
  std::int64_t from_day = 0;
  std::optional<std::int64_t> to_day;  // last day served, inclusive
  bool serving_on(std::int64_t n) const { return from_day <= n && (!to_day || *to_day >= n); }
};
struct leader_in {
  std::string officer_id;
  std::int64_t since_day = 0;
};
struct attendance_in {
  std::string session_id, officer_id;
  std::int64_t day = 0;
  double hours = 0;
};

// Distinct villagers served in the 12-month window ending on the period's last day
// (current) and in the one ending a year earlier.
struct served_count {
  std::int64_t current = 0, earlier = 0;
};
struct served_counts {
  std::map<std::string, served_count> by_village;  // villagers of the village, by any station
  std::map<std::string, served_count> by_station;  // villagers of its own village it served
};

struct villager_inputs {
  std::vector<station_in> stations;
  std::vector<std::pair<std::string, std::string>> admin_villages;  // code, township code
  std::map<std::string, std::int64_t> population;                   // village code → people
  // People served: storage's counts, or (served unset) counted here from `villagers` and
  // `services` (at least those of the two 12-month windows).
  std::optional<served_counts> served;
  std::vector<villager_in> villagers;
  std::vector<service_in> services;
  // Orders of the compared periods (each, or grouped: proxy_buy_in::orders) and those whose
  // steps the handover and waiting figures need.
  std::vector<proxy_buy_in> orders;
  std::vector<assignment_in> assignments;
  std::vector<leader_in> leaders;
  std::vector<attendance_in> attendances;  // one row per session × attendee
  std::vector<sale_in> sales;              // sold listings (any period; filtered here; sale_in::sales)
};

// ---- figures out ----
struct proxy_buy_figures {
  std::int64_t count = 0;
  std::int64_t amount_fen = 0;
  std::int64_t returned = 0;
  std::int64_t cancelled = 0;
  std::map<std::string, category_sales> by_category, by_platform;
  growth amount_mom, amount_yoy, count_mom, count_yoy;
  std::optional<double> handover_days_median;
  std::int64_t waiting_over_7_days = 0;
};

struct online_sellers {
  std::int64_t cooperatives = 0, enterprises = 0, households = 0, household_sales = 0;
};

struct villager_figures {
  proxy_buy_figures proxy_buy;
  figure people_served;          // window ending on the period's last day
  figure people_served_earlier;  // window ending one year earlier
  std::int64_t villages_without_population = 0;
  figure trained_stations;
  std::int64_t officers_trained = 0;          // with a session dated in the period
  std::int64_t officers_trained_to_date = 0;  // serving on E, with a session dated on or before E
  double training_hours = 0;
  std::int64_t training_sessions = 0;
  std::int64_t ecommerce_leaders = 0;
  online_sellers sellers;
  // grew: current > earlier; nullopt when either is null.
  std::optional<bool> people_served_grew() const;
};

struct villager_report {
  villager_figures county;
  std::map<std::string, villager_figures> townships;  // by township code
  std::map<std::string, villager_figures> stations;   // by station id
};

// The first day of the 12-month window ending on `last` (KPIS.md: last − 1 year + 1 day,
// 29 February → 28 February).
date window_start(date last);

// `now_s` bounds "waiting at the period's end" for a period not yet over.
villager_report compute_villager(const villager_inputs& in, const period& p, std::int64_t now_s);

}  // namespace cunzhan::hub::kpi
