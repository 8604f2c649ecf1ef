// What every page handler gets (the request, the store, the session's CSRF token, the
// page language) and the handlers themselves, one file per area: home, listings,
// pickups, courier points, import/export, sync.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/tr.hpp"
#include "cunzhan/station/store.hpp"
#include "http.hpp"

namespace cunzhan::station_client::web {

class sync_runner;

// App-wide things a page may need besides the store.
struct services {
  std::filesystem::path data_dir;
  enrolment station;      // read at start (or at enrolment): name and village for the header
  bool enrolled = false;  // false: only the enrolment page is served
  sync_runner* sync = nullptr;
  std::size_t max_upload_bytes = 0;
};

struct ctx {
  const net::http_request& req;
  store& db;
  services& app;
  lang language = lang::zh;
  std::string csrf;           // the session's token, for every form
  form body;                  // POST fields
  std::vector<upload> files;  // multipart file parts

  bool zh() const { return language == lang::zh; }
  std::string_view t(std::string_view zh_text, std::string_view en_text) const {
    return tr(language, zh_text, en_text);
  }
  // A query parameter ("" when absent).
  const std::string& query(const std::string& name) const;
  // A message of an error in the page language (code message + detail, fields listed).
  std::string describe(const error& e) const { return e.describe(language); }
};

using page_fn = net::http_response (*)(ctx&);

// page_home.cpp
net::http_response home_page(ctx& c);
// The outbox and last-sync lines (with the clock warning) of the home and sync pages.
std::string queue_summary(const ctx& c);
// page_listings.cpp
net::http_response listings_page(ctx& c);
net::http_response listing_new_page(ctx& c);
net::http_response listing_add(ctx& c);
net::http_response listing_edit_page(ctx& c);
net::http_response listing_update(ctx& c);
net::http_response listing_sell_page(ctx& c);
net::http_response listing_sell(ctx& c);
net::http_response listing_withdraw(ctx& c);
// page_pickups.cpp
net::http_response pickups_page(ctx& c);
net::http_response pickup_add(ctx& c);
net::http_response pickup_collect(ctx& c);
net::http_response pickup_cancel(ctx& c);
net::http_response pickup_fail(ctx& c);
// page_points.cpp
net::http_response points_page(ctx& c);
net::http_response point_new_page(ctx& c);
net::http_response point_add(ctx& c);
net::http_response point_edit_page(ctx& c);
net::http_response point_update(ctx& c);
net::http_response point_close(ctx& c);
// page_villagers.cpp (the register and the services)
net::http_response villagers_page(ctx& c);
net::http_response villager_add(ctx& c);
net::http_response services_page(ctx& c);
net::http_response service_add(ctx& c);
// page_orders.cpp
net::http_response orders_page(ctx& c);
net::http_response order_add(ctx& c);
net::http_response order_arrive(ctx& c);
net::http_response order_handover(ctx& c);
net::http_response order_return(ctx& c);
net::http_response order_cancel(ctx& c);
// page_import.cpp
net::http_response import_page(ctx& c);
net::http_response import_preview(ctx& c);
net::http_response import_commit(ctx& c);
net::http_response import_cancel(ctx& c);
net::http_response export_csv_file(ctx& c);
// page_enrol.cpp (only while the station is not enrolled)
net::http_response enrol_page(ctx& c);
net::http_response enrol_submit(ctx& c);
// page_sync.cpp
net::http_response sync_page(ctx& c);
net::http_response sync_start(ctx& c);
net::http_response sync_status_json(ctx& c);

}  // namespace cunzhan::station_client::web
