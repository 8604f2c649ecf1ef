// `hub province enroll-county | revoke-county` (at the province), `join | submit` (at a
// county hub), and the province role of `hub serve` and `hub nightly`.
#include <filesystem>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/config.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/url.hpp"
#include "province/county_enrolment.hpp"
#include "province/province_cli.hpp"
#include "province/province_router.hpp"
#include "province/submit.hpp"
#include "province/upstream_store.hpp"

namespace cunzhan::hub::province {
namespace {

using cli::args;
using cli::report;

std::string last_complete_month(const clock_source& clock) {
  return previous_month(format_date(clock.today()).substr(0, 7));
}

}  // namespace

int cmd_enroll_county(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data", "url", "server-name", "ca", "out"}, {});
  if (!a) return report(a.err());
  auto url = a->required("url");
  auto ca = a->required("ca");
  auto out = a->required("out");
  for (auto* r : {&url, &ca, &out}) {
    if (!*r) return report(r->err());
  }
  if (a->positional().size() != 1)
    return report(error(errc::invalid_argument, "give one county CODE", "请给出一个区县代码"));
  const std::string code = a->positional()[0];
  std::string host;
  unsigned short port = 0;
  if (!parse_https_url(*url, host, port)) {
    return report(error(errc::invalid_argument, "--url must be https://HOST[:PORT]: " + *url,
                        "--url 应为 https://主机[:端口]：" + *url));
  }
  auto ca_pem = cli::read_file(*ca);
  if (!ca_pem) return report(ca_pem.err());
  auto store = open_province(*a);
  if (!store) return report(store.err());
  auto county = (*store)->county(code);
  if (!county) return report(county.err());
  if (!*county) {
    return report(
        error(errc::unknown_division,
              "county " + code + " is not in the province's registry (hub province import-divisions)",
              "省级区划库中没有区县 " + code + "（请先 hub province import-divisions）"));
  }
  auto province = (*store)->province_code();
  if (!province) return report(province.err());
  const issued_token tok = issue_token(token_kind::county);
  county_enrolment e{*url, a->get("server-name").value_or(""), *ca_pem, *province, code, tok.token};
  // The file first: a token without its file would be unusable (and is revoked by the next enrolment).
  if (auto s = cli::write_file(*out, to_json_text(e), true); !s) return report(s.err());
  if (auto s = (*store)->issue_county_token(
          {tok.token_id, code, tok.secret_hash, clock.unix_seconds(), std::nullopt});
      !s)
    return report(s.err());
  std::cout << "county " << code << " enrolled; enrolment file (secret, 0600): " << *out << "\n区县 " << code
            << " 已登记\n";
  return 0;
}

int cmd_revoke_county(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  if (a->positional().size() != 1)
    return report(error(errc::invalid_argument, "give one county CODE", "请给出一个区县代码"));
  auto store = open_province(*a);
  if (!store) return report(store.err());
  if (auto s = (*store)->revoke_county(a->positional()[0], clock.unix_seconds()); !s) return report(s.err());
  std::cout << "revoked county " << a->positional()[0] << " / 已吊销区县令牌\n";
  return 0;
}

int cmd_join(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data", "from"}, {});
  if (!a) return report(a.err());
  if (a->positional().size() != 1)
    return report(error(errc::invalid_argument, "give the county enrolment FILE", "请给出区县登记文件"));
  auto text = cli::read_file(a->positional()[0]);
  if (!text) return report(text.err());
  auto e = parse_county_enrolment(*text);
  if (!e) return report(e.err());
  upstream_link l;
  l.enrolment = std::move(*e);
  l.first_period = a->get("from").value_or(last_complete_month(clock));
  if (auto m = months_of(l.first_period); !m || m->size() != 1) {
    return report(error(errc::invalid_argument, "--from must be YYYY-MM", "--from 应为 YYYY-MM"));
  }
  l.joined_at = clock.unix_seconds();
  {
    // The county must be this hub's: its registry holds it.
    auto hub = cli::open_store(*a);
    if (!hub) return report(hub.err());
    auto codes = (*hub)->village_codes(l.enrolment.county_code);
    if (!codes) return report(codes.err());
    if (codes->empty()) {
      return report(error(errc::unknown_division,
                          "county " + l.enrolment.county_code + " is not in this hub's registry",
                          "本服务器的区划库中没有区县 " + l.enrolment.county_code));
    }
  }
  auto up = upstream_store::open(storage_of(*a), a->data_dir(), true);
  if (!up) return report(up.err());
  if (auto s = (*up)->save_link(l); !s) return report(s.err());
  std::cout << "county " << l.enrolment.county_code << " joined province " << l.enrolment.province_code
            << " at " << l.enrolment.province_url << "; reports from " << l.first_period << "\n区县 "
            << l.enrolment.county_code << " 已加入省级平台，自 " << l.first_period
            << " 起报送（可删除登记文件）\n";
  return 0;
}

int cmd_submit(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data", "period", "county", "connect-port"}, {});
  if (!a) return report(a.err());
  submit_options o;
  if (auto p = a->get("connect-port")) {
    const int port = std::atoi(p->c_str());
    if (port <= 0 || port > 65535)
      return report(
          error(errc::invalid_argument, "--connect-port must be a port", "--connect-port 应为端口号"));
    o.connect_port = static_cast<unsigned short>(port);
  }
  o.data_dir = a->data_dir();
  o.storage = storage_of(*a);
  o.period = a->get("period");
  o.county = a->get("county");
  o.clock = &clock;
  const auto sum = submit_due(o, std::cout);
  std::cout << "sent " << sum.sent << ", acknowledged " << sum.acknowledged << ", already up to date "
            << sum.up_to_date << " (" << sum.bytes_sent << " bytes zstd of " << sum.bytes_raw << ") / 发送 "
            << sum.sent << "，已确认 " << sum.acknowledged << "\n";
  return sum.exit_code;
}

// What the county hub has sent: every month's submissions, acknowledged or waiting.
int cmd_status(const argv_t& argv) {
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  auto up = upstream_store::open(storage_of(*a), a->data_dir(), false);
  if (!up) return report(up.err());
  auto links = (*up)->links();
  if (!links) return report(links.err());
  for (const auto& l : *links) {
    std::cout << "county " << l.enrolment.county_code << " → province " << l.enrolment.province_code << " "
              << l.enrolment.province_url << ", from " << l.first_period << " / 区县 → 省级平台\n";
    auto rows = (*up)->history(l.enrolment.county_code);
    if (!rows) return report(rows.err());
    for (const auto& r : *rows) {
      std::cout << "  " << r.period << "  "
                << (r.acked ? r.status + ", version " + std::to_string(r.version) + " / 已确认"
                            : std::string("waiting to be sent again / 待重发"))
                << "  " << r.submission_id << "\n";
    }
  }
  return 0;
}

int migrate_upstream(const std::string& hub_db, const std::string& url, std::ostream& out) {
  std::string dir = std::filesystem::path(hub_db).parent_path().string();
  if (dir.empty()) dir = ".";
  if (!upstream_store::exists(dir)) return 0;
  auto from = upstream_store::open(dir, false);
  if (!from) return report(from.err());
  auto to = upstream_store::open(url, dir, true);
  if (!to) return report(to.err());
  auto n = (*to)->copy_from(**from);
  if (!n) return report(n.err());
  out << "upstream.db (province link): " << *n
      << " submissions copied and equal / 省级报送记录已迁移并核对一致\n";
  return 0;
}

int migrate_province(const std::string& province_db, const std::string& url, bool replace,
                     std::ostream& out) {
  std::string dir = std::filesystem::path(province_db).parent_path().string();
  if (dir.empty()) dir = ".";
  auto from = province_store::open(dir, false);
  if (!from) return report(from.err());
  auto to = open_province_store(url, dir, true);  // refused when a province is there
  if (!to && to.err().code == errc::already_initialised && replace) to = open_province_store(url, dir, false);
  if (!to) return report(to.err());
  auto checks = (*to)->copy_from(**from);
  if (!checks) return report(checks.err());
  int differ = 0;
  for (const auto& c : *checks) {
    differ += c.equal ? 0 : 1;
    out << "  " << c.table << ": " << c.source_rows << " rows in province.db, " << c.target_rows
        << " in PostgreSQL, " << (c.equal ? "equal" : "DIFFERS / 不一致") << "\n";
  }
  if (differ != 0) return 1;
  out << "province moved to " << printable_storage(url)
      << ": every table equal / 省级数据已迁移，逐表核对一致\n";
  return 0;
}

int nightly_submit(const std::string& storage, const std::string& data_dir, std::ostream& out,
                   const clock_source& clock) {
  auto joined = upstream_store::joined(storage, data_dir);
  if (!joined) {
    out << "province: " << joined.err().describe(lang::en) << " / 省级报送："
        << joined.err().describe(lang::zh) << "\n";
    return 1;
  }
  if (!*joined) return 0;
  submit_options o;
  o.data_dir = data_dir;
  o.storage = storage;
  o.clock = &clock;
  const auto sum = submit_due(o, out);
  out << "province: sent " << sum.sent << ", acknowledged " << sum.acknowledged << " / 省级报送：发送 "
      << sum.sent << "，已确认 " << sum.acknowledged << "\n";
  return sum.exit_code == 1 || sum.exit_code == 2 ? 1 : 0;
}

int serve(const hub_config& cfg) {
  auto store = open_province_store(cfg.storage, cfg.data_dir, false);
  if (!store) return report(store.err());
  auto handler = std::make_shared<province_router>(**store, real_clock());
  net::https_server server(cfg.server, handler);
  if (auto s = server.start(); !s) return report(s.err());
  if (!cfg.storage.empty()) std::cout << "province data in " << printable_storage(cfg.storage) << std::endl;
  std::cout << "province hub listening on " << cfg.server.listen_address << ":" << server.bound_port()
            << std::endl;
  server.run_until_signal();
  std::cout << "province hub stopped" << std::endl;
  return 0;
}

}  // namespace cunzhan::hub::province
