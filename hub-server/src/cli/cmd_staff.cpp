// `hub staff add` (a staff token scoped to counties, printed once) and `hub staff revoke`.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/auth.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::hub::cli {
namespace {

int staff_add(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data", "name", "county", "role"}, {});
  if (!a) return report(a.err());
  auto name = a->required("name");
  if (!name) return report(name.err());
  auto county = a->required("county");
  if (!county) return report(county.err());
  staff_row s;
  for (const auto& c : split(*county, ',')) {
    const auto code = std::string(trim(c));
    if (!is_county_code(code)) {
      return report(error(errc::invalid_division_code, "not a 6-digit county code: " + code,
                          "不是 6 位区县代码：" + code));
    }
    s.counties.push_back(code);
  }
  s.role = a->get("role").value_or("staff");
  if (s.role != "staff" && s.role != "admin") {
    return report(
        error(errc::invalid_argument, "--role must be staff or admin", "--role 应为 staff 或 admin"));
  }
  auto store = open_store(*a);
  if (!store) return report(store.err());
  const issued_token tok = issue_token(token_kind::staff);
  s.id = uuid_v4();
  s.name = *name;
  s.token_id = tok.token_id;
  s.token_hash = tok.secret_hash;
  s.created_at = clock.unix_seconds();
  if (auto st = (*store)->write_admin([&](admin_writer& w) { return w.insert_staff(s); }); !st)
    return report(st.err());
  std::cout << "staff_id=" << s.id << "\ntoken=" << tok.token
            << "\n(the token is shown only this once / 令牌只显示这一次)\n";
  return 0;
}

int staff_revoke(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  if (a->positional().size() != 1)
    return report(error(errc::invalid_argument, "give one staff ID", "请给出一个工作人员编号"));
  auto store = open_store(*a);
  if (!store) return report(store.err());
  const auto now = clock.unix_seconds();
  auto s = (*store)->write_admin([&](admin_writer& w) { return w.revoke_staff(a->positional()[0], now); });
  if (!s) return report(s.err());
  std::cout << "revoked staff " << a->positional()[0] << "\n";
  return 0;
}

}  // namespace

int cmd_staff(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub staff add --data DIR --name NAME --county CODE[,CODE] [--role staff|admin]\n"
      "hub staff revoke --data DIR ID\n"
      "  Issues a staff token that reads the given counties (printed once), or revokes one.\n"
      "  发放（只显示一次）或吊销工作人员令牌。\n"
      "example: hub staff add --data /var/lib/cunzhan-hub --name \"王科长\" --county 510824\n";
  if (wants_help(argv, help)) return 0;
  if (argv.empty())
    return report(error(errc::invalid_argument, "use `hub staff add` or `hub staff revoke`",
                        "请使用 `hub staff add` 或 `hub staff revoke`"));
  const argv_t rest(argv.begin() + 1, argv.end());
  if (argv[0] == "add") return staff_add(rest, clock);
  if (argv[0] == "revoke") return staff_revoke(rest, clock);
  return report(
      error(errc::invalid_argument, "unknown staff command " + argv[0], "未知的 staff 子命令 " + argv[0]));
}

}  // namespace cunzhan::hub::cli
