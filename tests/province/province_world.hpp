// The reporting chain on 127.0.0.1 for the province tests: one province hub (`hub province
// init` + the shipped Sichuan registry and 荣昌区, `hub serve` on its own data directory and
// CA) and county hubs (real `hub serve`, a real station each that records sold listings
// in past months and syncs them over TLS), enrolled to the province and joined. Compiled
// with CUNZHAN_TEST_PROVINCE_PG (tests/province_pg), the province keeps its data in a fresh
// database of the private PostgreSQL (`--storage URL` on every command) instead of
// province.db.
#pragma once
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cunzhan/net/http_types.hpp"
#include "fixture.hpp"
#ifdef CUNZHAN_TEST_PROVINCE_PG
#include "pg_server.hpp"
#endif

namespace cunzhan::test::province {

using integration::hub_fixture;
using integration::station_fixture;

// GET/POST over pinned TLS to 127.0.0.1:port with the CA at `ca`.
net::http_response request(unsigned short port, const fs::path& ca, const std::string& method,
                           const std::string& target, const std::string& token, const std::string& body = "",
                           net::header_list extra = {});
boost::json::value get_json(unsigned short port, const fs::path& ca, const std::string& target,
                            const std::string& token);

class province_hub {
 public:
  province_hub();
  ~province_hub();
  void start();
  void stop();
  run_result hub(std::vector<std::string> args) const;                 // `hub province ARGS... --data DIR`
  std::string staff_add(const std::vector<std::string>& extra) const;  // the printed token
  fs::path data() const { return dir_ / "data"; }
  // One SQL query on the province's database (SQLite's province.db or PostgreSQL's schema
  // `province`, where SQLite's rowid is a column too), every cell as text.
  std::vector<std::vector<std::string>> query(const std::string& sql) const;
  bool on_postgres() const { return !storage_.empty(); }
  fs::path ca() const { return dir_ / "certs" / "ca.pem"; }
  unsigned short port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  boost::json::value get(const std::string& target, const std::string& token) const {
    return get_json(port_, ca(), target, token);
  }

 private:
  fs::path db() const { return data() / "province.db"; }
  std::vector<std::string> with_storage(std::vector<std::string> args) const;
  temp_dir dir_{"province"};
#ifdef CUNZHAN_TEST_PROVINCE_PG
  cunzhan::testing::pg_test_db pg_;
  std::string storage_ = pg_.url();
#else
  std::string storage_;
#endif
  unsigned short port_ = 0;
  std::unique_ptr<process> server_;
};

// One county hub with one station, a county staff token, enrolled to `p` and joined.
struct county {
  county(const std::string& code, const std::string& village);
  std::string code, village;
  std::unique_ptr<hub_fixture> hub;
  std::unique_ptr<station_fixture> station;
  std::string staff_token;   // reads this county at its hub
  std::string county_token;  // from the province's enrolment file
  // Sold listings recorded at the station (sold at `when`, RFC 3339) and synced.
  void sell(const std::vector<std::pair<std::string, int>>& when_yuan, const std::string& tag) const;
  void join(const province_hub& p, const std::string& from);
  run_result submit(std::vector<std::string> extra = {}) const;  // `hub province submit`
  boost::json::value kpis(const std::string& month) const;       // its own /v1/counties/{code}/kpis
};

// Writes the streets and villages of one Sichuan county from the shipped .csv.zst files.
std::pair<fs::path, fs::path> sichuan_county_csv(const std::string& code, const fs::path& dir);
#ifdef CUNZHAN_TEST_PROVINCE_PG
// One SQL query on a database of the private PostgreSQL (with `schema` as search_path).
std::vector<std::vector<std::string>> pg_query(const std::string& url, const std::string& sql,
                                               const std::string& schema = "");
#endif
// "YYYY-MM" of the month `back` months before the current one (Asia/Shanghai).
std::string month_back(int back);

}  // namespace cunzhan::test::province
