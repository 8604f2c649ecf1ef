// `hub province ...` (province_cli.cpp, province_link_cli.cpp) and the hooks the county
// hub's own commands call: `hub serve` on a province directory, `hub nightly` submitting.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include <memory>

#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {
struct hub_config;
namespace cli {
class args;
}
}  // namespace cunzhan::hub

namespace cunzhan::hub::province {

using argv_t = std::vector<std::string>;

int cmd_province(const argv_t& a, const clock_source& clock);
// The link subcommands (province_link_cli.cpp).
int cmd_enroll_county(const argv_t& a, const clock_source& clock);
int cmd_revoke_county(const argv_t& a, const clock_source& clock);
int cmd_join(const argv_t& a, const clock_source& clock);
int cmd_submit(const argv_t& a, const clock_source& clock);
int cmd_status(const argv_t& a);

class province_store;
// The province's store for a command's --storage (else $CUNZHAN_HUB_STORAGE) and --data.
result<std::unique_ptr<province_store>> open_province(const cli::args& a, bool create = false,
                                                      const std::string& province_code = "");
// The command's --storage, else $CUNZHAN_HUB_STORAGE ("" = SQLite in --data).
std::string storage_of(const cli::args& a);

// True when the storage holds a province (then `hub serve` runs the province role); false
// also when it cannot be reached (the hub's own open then says why).
bool is_province(const std::string& storage, const std::string& data_dir);
// `hub serve` for the province role: the same server settings, the province's routes.
int serve(const hub_config& cfg);
// Called by `hub nightly` after its own work on a county hub that joined a province:
// sends the months due. Returns 1 when someone must act (a refused token or report),
// else 0 (an unreachable province is tried again the next night).
// Called by `hub migrate` once hub.db is in PostgreSQL: upstream.db beside it (a county hub
// that joined a province) goes into the schema `upstream`, so the hub reports on under the
// same submission ids. 0 when done or nothing to do, else 1 (the error printed).
int migrate_upstream(const std::string& hub_db, const std::string& url, std::ostream& out);
// `hub migrate --from DATA/province.db --to URL [--replace]`: the province into the
// schema `province` (refused when a province is there, unless replace), every table
// counted and digested on both sides. 0 when all equal, else 1.
int migrate_province(const std::string& province_db, const std::string& url, bool replace, std::ostream& out);
int nightly_submit(const std::string& storage, const std::string& data_dir, std::ostream& out,
                   const clock_source& clock);

}  // namespace cunzhan::hub::province
