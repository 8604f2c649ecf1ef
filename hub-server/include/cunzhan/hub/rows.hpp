// Plain rows the storage seam hands out and takes in: no database type, nothing from the
// KPI engine, so a second backend (PostgreSQL) fills the same structs and the engine
// (kpi/) computes on them without knowing where they came from.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cunzhan::hub {

// --- accounts
struct station_row {
  std::string id;
  std::string name;
  std::string village_code;
  std::string township_code;
  std::string county_code;
  std::string kind;  // village | township | county
  std::string officer;
  std::string token_id;
  std::string token_hash;  // raw 32 bytes
  std::int64_t enrolled_at = 0;
  std::string opened_on;  // "" when unknown
  std::string closed_on;  // "" when operating
  std::optional<std::int64_t> revoked_at;
};

struct staff_row {
  std::string id;
  std::string name;
  std::string role;  // "staff" (county reader) or "admin"
  std::vector<std::string> counties;
  std::string token_id;
  std::string token_hash;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

// One line of `hub station list`: the station with its last successful sync and the
// program version its latest sync announced.
struct station_list_row {
  std::string id;
  std::string name;
  std::string county_code;
  std::string village_code;
  bool revoked = false;
  std::string closed_on;                    // "" when operating
  std::optional<std::int64_t> last_sync_s;  // last successful sync
  std::string program_version;              // "" when never announced
};

// --- division registry and the pull feed
struct village_row {
  std::string code;  // 12 digits
  std::string name;
  std::string township_code;  // 9 digits
  std::string county_code;    // 6 digits
};

struct township_row {
  std::string code;  // 9 digits
  std::string name;
  std::string county_code;
};

struct ref_change_row {
  std::int64_t id = 0;
  std::string county_code;  // "" = every county
  std::string kind;         // township | village | brand | target | notice
  std::string key;
  std::string data;  // JSON object text
};

// --- op log and sync sessions
struct op_log_row {
  std::string op_id;
  std::string station_id;
  std::int64_t seq = 0;
  std::string entity;
  std::string entity_id;
  std::string content_hash;  // raw sha256 bytes
  std::string status;        // applied | rejected
  std::string error_code;
  std::string error_message;
  std::string error_message_zh;
  std::int64_t received_at = 0;
  std::string batch_id;
  std::optional<std::int64_t> session_id;
};

// One row per push or pull request of a station. The rule the online-rate KPIs rest on:
// ok = 1 only for a pull answered with more = false, i.e. the request that ended a
// successful sync run (the station pulls only after every push of the run was
// answered). Push requests are recorded with ok = 0; their counts stay for the audit.
// started_at is when the request arrived (not when its batch was applied); bytes_in and
// bytes_out are body bytes as on the wire (compressed); client_offset_s = hub − station
// clock (from X-Station-Time), for pushes and pulls alike.
struct sync_session_row {
  std::int64_t id = 0;
  std::string station_id;
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;
  std::int64_t bytes_in = 0;
  std::int64_t bytes_out = 0;
  std::int64_t applied = 0;
  std::int64_t duplicate = 0;
  std::int64_t rejected = 0;
  std::optional<std::int64_t> client_offset_s;
  bool ok = false;
  std::string station_version;  // the station's X-Station-Version; "" when it sent none
};

// --- station-owned entities as the hub keeps them
// Hub-owned fields stamped on every entity row.
struct owner_fields {
  std::string station_id;
  std::string county_code;
  std::string township_code;
  std::int64_t received_at = 0;
  std::int64_t seq = 0;   // becomes last_seq
  std::string data_json;  // the op's data, canonical JSON
};

struct entity_owner {
  std::string station_id;
  std::int64_t last_seq = 0;
};

// --- KPI inputs: what the engine (kpi/) joins in memory for one county and period. Each
// vector is one set-based read, aggregated by station and township where it says so.
struct time_span {
  std::int64_t begin_s = 0;  // inclusive, UTC seconds
  std::int64_t end_s = 0;    // exclusive
};

// What the villager-service KPIs read (KPIS.md "Villager services"): orders ordered in
// each of `order_periods` (the period, the previous one, a year earlier), those handed over
// in the period or still open at `waiting_at` (the period's end, or now when earlier), and
// villagers served in the 12-month windows [current_first, current_last] and
// [earlier_first, earlier_last] ('YYYY-MM-DD').
struct villager_span {
  std::array<time_span, 3> order_periods;
  std::int64_t waiting_at = 0;
  std::string current_first, current_last;
  std::string earlier_first, earlier_last;
  // 'YYYY-MM' of both windows' last months when each is 12 whole months: then the
  // people-served summary answers; "" when not (a range report ending mid-month).
  std::string current_month, earlier_month;
};

struct kpi_query {
  std::string county_code;
  time_span period;  // listings, sales, pickups
  time_span syncs;   // sync sessions (a day's nightly report may arrive the next morning)
  // Sales of the earlier periods the growth figures compare against; nullopt: not wanted.
  std::optional<time_span> previous;
  std::optional<time_span> year_earlier;
  // The villager-service reads (kpi_villager_rows); nullopt: not wanted.
  std::optional<villager_span> villager;
};

struct kpi_station {
  std::string id, name, kind, village_code, township_code;
  std::int64_t enrolled_at = 0;
  std::string opened_on;        // "" when unset
  std::string closed_on;        // "" when unset
  std::string program_version;  // announced by its latest sync; "" when never said
};

struct kpi_point {
  std::string id, kind, village_code;
  int days_per_week = 0;
  std::string opened_on;  // "" when unset
  std::string closed_on;
  std::vector<std::string> served;  // served village codes (besides the located-in village)
  std::vector<std::string> brands;
};

// A figure grouped by station and township (and `key` where the read splits further).
struct kpi_count {
  std::string station_id;
  std::string township_code;
  std::string key;
  std::int64_t count = 0;
  std::int64_t value = 0;
};

// A station's successful syncs on one Asia/Shanghai day (days since 1970-01-01): the
// earliest and latest end, in seconds into that day.
struct kpi_sync_day {
  std::string station_id;
  std::int64_t day = 0;
  std::int64_t first_s = 0;
  std::int64_t last_s = 0;
};

// Sales of a county by township and category (growth comparisons).
struct kpi_sales {
  std::string township_code;
  std::string category;
  std::int64_t count = 0;
  std::int64_t amount_fen = 0;
};

// --- villager-service KPI inputs (only ids, codes, kinds, amounts and times: the hub has
// no name, phone or note of a villager)
struct kpi_villager {
  std::string id, village_code;
};
struct kpi_proxy_buy {
  std::string station_id, township_code, category, platform, status;
  std::int64_t amount_fen = 0;
  std::int64_t ordered_at = 0;
  std::optional<std::int64_t> arrived_at, handed_over_at, returned_at, cancelled_at;
  // How many orders the row stands for: storage groups the orders of the compared periods by
  // everything their figures look at (amount_fen summed, ordered_at one of theirs, no step
  // times) and sends each order whose steps matter alone with 0 (not counted again).
  std::int64_t orders = 1;
};
// Distinct villagers served in the current and the earlier 12-month window, of one village
// (key: village code) or of a station's own village by that station (key: station id).
struct kpi_served {
  std::string key;
  std::int64_t current = 0;
  std::int64_t earlier = 0;
};
// A sold listing with its seller (online sellers); sold_at in UTC seconds.
struct kpi_seller_sale {
  std::string township_code, station_id, seller_kind, seller_name, villager_id;
  std::int64_t sold_at = 0;
  std::int64_t sales = 1;  // listings the row stands for (storage groups them by seller)
};
struct kpi_assignment {
  std::string officer_id, station_id, from_on;
  std::string to_on;  // last day served, inclusive; "" while serving
};
struct kpi_attendance {
  std::string session_id, officer_id, held_on;
  double hours = 0;
};

struct kpi_villager_rows {
  std::vector<std::pair<std::string, std::int64_t>> population;  // village code, people
  std::vector<kpi_proxy_buy> orders;
  std::vector<kpi_served> served_by_village, served_by_station;
  std::vector<kpi_seller_sale> sales;
  std::vector<kpi_assignment> assignments;
  std::vector<std::pair<std::string, std::string>> leaders;  // officer id, designated on
  std::vector<kpi_attendance> attendances;                   // one row per session × attendee
};

struct kpi_rows {
  std::string county_code;
  std::vector<std::pair<std::string, std::string>> townships;  // code, name; by code
  std::vector<village_row> villages;                           // by code
  std::vector<kpi_station> stations;                           // by township, village, name
  std::vector<kpi_point> points;
  std::vector<kpi_count> sales;            // key category, count sold, value fen
  std::vector<kpi_count> listings_new;     // count created in the period
  std::vector<kpi_count> listings_active;  // count listed or reserved now
  std::vector<kpi_count> parcels;          // key direction, count parcels picked up
  std::vector<kpi_count> due;              // count due, value collected by due time
  std::vector<kpi_count> requested;        // count requested, value failed
  std::vector<kpi_sync_day> sync_days;
  std::vector<std::pair<std::string, std::int64_t>> last_sync;  // station id → last ok sync end
  std::optional<kpi_villager_rows> villager;                    // when the query asked for it
  std::optional<std::vector<kpi_sales>> previous_sales;
  std::optional<std::vector<kpi_sales>> year_earlier_sales;
};

// One stored figure of a county's nightly rollup of one day.
struct rollup_row {
  std::string day;  // 'YYYY-MM-DD' Asia/Shanghai
  std::string kpi;
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

// --- villager services kept at the hub (KPIS.md "Villager services"): population per
// village, the officer roster and training sessions (`hub import-population`, `hub officer`,
// `hub training`).
struct population_row {
  std::string village_code;
  std::int64_t population = 0;
  std::int64_t households = 0;
};

struct officer_row {
  std::string id;  // uuid
  std::string county_code;
  std::string name;
  std::string phone;                 // full number: shown only through mask_phone()
  std::string leader_designated_on;  // "" when not a 农村电商带头人
};

struct assignment_row {
  std::string officer_id;
  std::string station_id;
  std::string from_on;
  std::string to_on;  // "" while serving
};

struct training_row {
  std::string id;
  std::string county_code;
  std::string held_on;
  std::string topic;
  double hours = 0;
  std::string level;  // county | township | station
  std::string trainer;
  std::vector<std::string> attendees;  // officer ids
};

// A county's officers (by name, id) and their station assignments (by officer, from_on).
struct roster_rows {
  std::vector<officer_row> officers;
  std::vector<assignment_row> assignments;
};

}  // namespace cunzhan::hub
