// `hub enroll` (register a station in a known village and write its enrolment file with
// the one-time token) and `hub revoke` (the station's token stops working at once).
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/auth.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/url.hpp"
#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::hub::cli {

int cmd_enroll(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub enroll --data DIR --village CODE --name NAME [--kind village|township|county] [--officer NAME]\n"
      "           [--opened-on YYYY-MM-DD] --hub-url https://HOST:PORT [--server-name NAME] --ca FILE --out "
      "FILE\n"
      "  Registers a station in a village of the registry and writes its enrolment file (0600, holds the\n"
      "  token; hand it to the station, then delete it). 登记站点并写出登记文件（含令牌，仅显示一次）。\n"
      "example: hub enroll --data /var/lib/cunzhan-hub --village 510824102201 --name \"白驿村站\" \\\n"
      "           --hub-url https://hub.example:8443 --ca ca.pem --out station-白驿村.json\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(
      argv,
      {"data", "village", "name", "kind", "officer", "opened-on", "hub-url", "server-name", "ca", "out"}, {});
  if (!a) return report(a.err());
  auto village = a->required("village");
  auto name = a->required("name");
  auto url = a->required("hub-url");
  auto ca_file = a->required("ca");
  auto out = a->required("out");
  for (auto* r : {&village, &name, &url, &ca_file, &out}) {
    if (!*r) return report(r->err());
  }
  {
    // The station's own parser: a URL it would refuse at `station init` is refused here.
    std::string host;
    unsigned short port = 0;
    if (!parse_https_url(*url, host, port)) {
      return report(error(errc::invalid_argument, "--hub-url must be https://HOST[:PORT] (no path): " + *url,
                          "--hub-url 必须是 https://主机[:端口] 格式（不带路径）：" + *url));
    }
  }
  const std::string kind = a->get("kind").value_or("village");
  if (!parse_station_kind(kind)) {
    return report(error(errc::invalid_argument, "--kind must be village, township or county",
                        "--kind 应为 village、township 或 county"));
  }
  std::string opened_on = format_date(clock.today());
  if (auto d = a->get("opened-on")) {
    if (!parse_date(*d))
      return report(error(errc::invalid_date, "--opened-on " + *d, "--opened-on 日期无效：" + *d));
    opened_on = *d;
  }
  auto ca_pem = read_file(*ca_file);
  if (!ca_pem) return report(ca_pem.err());

  auto store = open_store(*a);
  if (!store) return report(store.err());
  station_row s;
  auto done = (*store)->write_admin([&](admin_writer& w) -> status {
    auto v = w.village(*village);
    if (!v) return std::move(v).err();
    if (!*v) {
      return error(errc::unknown_division,
                   "village " + *village + " is not in the registry (import-divisions first)",
                   "区划库中没有村 " + *village + "（请先导入区划）");
    }
    const issued_token tok = issue_token(token_kind::station);
    s.id = uuid_v4();
    s.name = *name;
    s.village_code = (*v)->code;
    s.township_code = (*v)->township_code;
    s.county_code = (*v)->county_code;
    s.kind = kind;
    s.officer = a->get("officer").value_or("");
    s.token_id = tok.token_id;
    s.token_hash = tok.secret_hash;
    s.enrolled_at = clock.unix_seconds();
    s.opened_on = opened_on;
    if (auto st = w.insert_station(s); !st) return st;

    enrolment e;
    e.hub_url = *url;
    e.server_name = a->get("server-name").value_or("");
    e.ca_pem = *ca_pem;
    e.station_id = s.id;
    e.station_name = s.name;
    e.village_code = s.village_code;
    e.kind = kind;
    e.token = tok.token;
    // The file first, inside the transaction: a station row without its token file would
    // be unusable, so a failed write leaves no row.
    return write_file(*out, to_json_text(e), true);
  });
  if (!done) return report(done.err());
  std::cout << "station_id=" << s.id << "\nenrolment file (secret, 0600): " << *out << "\n";
  return 0;
}

int cmd_revoke(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub revoke [--data DIR] STATION_ID\n"
      "  Revokes the station's token: its next request gets 401. 吊销站点令牌。\n"
      "example: hub revoke --data /var/lib/cunzhan-hub 3f2a...-...\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  if (a->positional().size() != 1)
    return report(error(errc::invalid_argument, "give one STATION_ID", "请给出一个站点编号"));
  auto store = open_store(*a);
  if (!store) return report(store.err());
  const auto now = clock.unix_seconds();
  auto s = (*store)->write_admin([&](admin_writer& w) { return w.revoke_station(a->positional()[0], now); });
  if (!s) return report(s.err());
  std::cout << "revoked station " << a->positional()[0] << "\n";
  return 0;
}

}  // namespace cunzhan::hub::cli
