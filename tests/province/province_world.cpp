// The province tests' world: real hub processes and stations, see province_world.hpp.
#include "province_world.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>

#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/time.hpp"
#ifdef CUNZHAN_TEST_PROVINCE_PG
#include "store/postgres/pg_conn.hpp"
#endif

namespace cunzhan::test::province {
namespace {

void must(const run_result& r, const std::string& what) {
  if (r.exit_code != 0)
    throw std::runtime_error(what + " failed (exit " + std::to_string(r.exit_code) + "): " + r.out + r.err);
}

std::string after(const std::string& text, const std::string& key) {
  auto at = text.find(key);
  if (at == std::string::npos) throw std::runtime_error("no " + key + " in: " + text);
  at += key.size();
  return text.substr(at, text.find('\n', at) - at);
}

}  // namespace

net::http_response request(unsigned short port, const fs::path& ca, const std::string& method,
                           const std::string& target, const std::string& token, const std::string& body,
                           net::header_list extra) {
  net::client_options o;
  o.port = port;
  o.ca_pem = read_file(ca);
  net::https_client c(o);
  net::header_list h{{"authorization", "Bearer " + token}};
  if (method == "POST") h.emplace_back("content-type", "application/json");
  h.insert(h.end(), extra.begin(), extra.end());
  h.insert(h.end(), extra.begin(), extra.end());
  auto r = c.request(method, target, h, body);
  if (!r) throw std::runtime_error("request " + target + " failed: " + r.err().describe(lang::en));
  return *r;
}

boost::json::value get_json(unsigned short port, const fs::path& ca, const std::string& target,
                            const std::string& token) {
  auto r = request(port, ca, "GET", target, token);
  if (r.status != 200)
    throw std::runtime_error("GET " + target + " → " + std::to_string(r.status) + ": " + r.body);
  return boost::json::parse(r.body);
}

std::string month_back(int back) {
  std::string m = format_date(today_shanghai()).substr(0, 7);
  for (int i = 0; i < back; ++i) m = hub::province::previous_month(m);
  return m;
}

std::pair<fs::path, fs::path> sichuan_county_csv(const std::string& code, const fs::path& dir) {
  const auto cut = [&](const char* name, std::size_t column) {
    const std::string packed = read_file(divisions_dir() / (std::string(name) + "-51.csv.zst"));
    auto text = decompress(content_encoding::zstd, packed, 64 << 20);
    if (!text) throw std::runtime_error("cannot unpack " + std::string(name));
    std::istringstream in(*text);
    std::string line, out;
    std::getline(in, line);
    out = line + "\n";
    while (std::getline(in, line)) {
      std::size_t at = 0;
      for (std::size_t i = 0; i < column; ++i) at = line.find(',', at) + 1;
      if (line.compare(at, code.size(), code) == 0) out += line + "\n";
    }
    const fs::path p = dir / (std::string(name) + "-" + code + ".csv");
    write_file(p, out);
    return p;
  };
  return {cut("streets", 2), cut("villages", 5)};  // areaCode columns
}

province_hub::province_hub() {
  run_result r = run({hub_bin(), "cert", "--out", (dir_ / "certs").string(), "--host", "127.0.0.1"});
  must(r, "hub cert (province)");
  must(hub({"init", "--province", "51"}), "hub province init");
  const auto div = divisions_dir();
  must(hub({"import-divisions", (div / "streets-51.csv.zst").string(), (div / "villages-51.csv.zst").string(),
            (div / "streets-500153.csv").string(), (div / "villages-500153.csv").string(),
            (div / "areas-51.csv").string(), (div / "cities-51.csv").string()}),
       "hub province import-divisions");
  port_ = free_port();
  start();
}

province_hub::~province_hub() { stop(); }

std::vector<std::vector<std::string>> province_hub::query(const std::string& sql) const {
#ifdef CUNZHAN_TEST_PROVINCE_PG
  return pg_query(storage_, sql, "province");
#else
  return integration::query(db(), sql);
#endif
}

#ifdef CUNZHAN_TEST_PROVINCE_PG
std::vector<std::vector<std::string>> pg_query(const std::string& url, const std::string& sql,
                                               const std::string& schema) {
  hub::pg::settings s;
  s.url = url;
  auto c = hub::pg::connection::open(s);
  if (!c) throw std::runtime_error(c.err().describe(lang::en));
  if (!schema.empty()) {
    if (auto e = (*c)->exec("SET search_path TO " + schema); !e)
      throw std::runtime_error(e.err().describe(lang::en));
  }
  auto r = (*c)->run(sql);
  if (!r) throw std::runtime_error(sql + ": " + r.err().describe(lang::en));
  std::vector<std::vector<std::string>> out(static_cast<std::size_t>(r->size()));
  for (int i = 0; i < r->size(); ++i) {
    for (int col = 0; col < r->columns(); ++col) out[static_cast<std::size_t>(i)].push_back(r->text(i, col));
  }
  return out;
}
#endif

std::vector<std::string> province_hub::with_storage(std::vector<std::string> args) const {
  if (!storage_.empty()) args.insert(args.end(), {"--storage", storage_});
  return args;
}

void province_hub::start() {
  if (server_ && server_->running()) return;
  server_ = std::make_unique<process>(
      with_storage({hub_bin(), "serve", "--data", data().string(), "--listen",
                    "127.0.0.1:" + std::to_string(port_), "--cert", (dir_ / "certs" / "server.pem").string(),
                    "--key", (dir_ / "certs" / "server.key").string(), "--threads", "2"}),
      std::map<std::string, std::string>{}, (dir_ / "province.log").string());
  if (!wait_for_port(port_, std::chrono::seconds(30)) || !server_->running()) {
    throw std::runtime_error("province hub did not start: " + read_file(dir_ / "province.log"));
  }
}

void province_hub::stop() {
  if (server_) server_->stop(15, std::chrono::seconds(20));
  server_.reset();
}

run_result province_hub::hub(std::vector<std::string> args) const {
  args.insert(args.begin(), {hub_bin(), "province"});
  args.insert(args.end(), {"--data", data().string()});
  return run(with_storage(std::move(args)));
}

std::string province_hub::staff_add(const std::vector<std::string>& extra) const {
  std::vector<std::string> a{"staff", "add"};
  a.insert(a.end(), extra.begin(), extra.end());
  auto r = hub(a);
  must(r, "hub province staff add");
  return after(r.out, "token (shown once / 仅显示一次): ");
}

county::county(const std::string& c, const std::string& v) : code(c), village(v) {
  hub = std::make_unique<hub_fixture>();
  if (code != integration::k_county) {
    auto files = sichuan_county_csv(code, hub->dir());
    must(hub->hub({"import-divisions", "--data", hub->data().string(), files.first.string(),
                   files.second.string()}),
         "hub import-divisions " + code);
  }
  station = std::make_unique<station_fixture>(*hub, village, code + " 村站");
  auto r = hub->hub({"staff", "add", "--data", hub->data().string(), "--name", "县商务局", "--county", code});
  must(r, "hub staff add");
  const auto at = r.out.find("sf_");
  if (at == std::string::npos) throw std::runtime_error("no staff token printed: " + r.out);
  staff_token = r.out.substr(at, 3 + 16 + 1 + 64);
}

void county::sell(const std::vector<std::pair<std::string, int>>& when_yuan, const std::string& tag) const {
  std::string csv =
      "product_name,category,quantity,unit,price_yuan,status,sold_quantity,sold_amount_yuan,sold_at,created_"
      "at\n";
  int i = 0;
  for (const auto& [when, yuan] : when_yuan) {
    csv += tag + "-" + std::to_string(i++) + ",fruit,10,斤,2.00,sold,10," + std::to_string(yuan) + ".00," +
           when + "," + when + "\n";
  }
  const fs::path f = station->dir() / (tag + ".csv");
  write_file(f, csv);
  must(station->st({"import", "listings", f.string()}), "station import " + tag);
  auto s = station->sync();
  if (s.run.exit_code != 0) throw std::runtime_error("station sync failed: " + s.run.out + s.run.err);
}

void county::join(const province_hub& p, const std::string& from) {
  const fs::path file = hub->dir() / "county-enrolment.json";
  must(p.hub({"enroll-county", code, "--url", p.url(), "--ca", p.ca().string(), "--out", file.string()}),
       "hub province enroll-county " + code);
  county_token = boost::json::parse(read_file(file)).as_object().at("token").as_string().c_str();
  must(hub->hub({"province", "join", "--data", hub->data().string(), file.string(), "--from", from}),
       "hub province join");
}

run_result county::submit(std::vector<std::string> extra) const {
  std::vector<std::string> a{"province", "submit", "--data", hub->data().string()};
  a.insert(a.end(), extra.begin(), extra.end());
  return hub->hub(a);
}

boost::json::value county::kpis(const std::string& month) const {
  return get_json(hub->port(), hub->ca(), "/v1/counties/" + code + "/kpis?period=" + month, staff_token);
}

}  // namespace cunzhan::test::province
