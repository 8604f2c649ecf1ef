// `hub province ...` (province_cli.cpp, province_link_cli.cpp) and the hooks the county
// hub's own commands call: `hub serve` on a province directory, `hub nightly` submitting.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace cunzhan::hub {
struct hub_config;
}

namespace cunzhan::hub::province {

using argv_t = std::vector<std::string>;

int cmd_province(const argv_t& a);
// The link subcommands (province_link_cli.cpp).
int cmd_enroll_county(const argv_t& a);
int cmd_revoke_county(const argv_t& a);
int cmd_join(const argv_t& a);
int cmd_submit(const argv_t& a);
int cmd_status(const argv_t& a);

// True when data_dir holds a province database (then `hub serve` runs the province role).
bool is_province_dir(const std::string& data_dir);
// `hub serve` for the province role: the same server settings, the province's routes.
int serve(const hub_config& cfg);
// Called by `hub nightly` after its own work on a county hub that joined a province:
// sends the months due. Returns 1 when someone must act (a refused token or report),
// else 0 (an unreachable province is tried again the next night).
int nightly_submit(const std::string& data_dir, std::ostream& out);

}  // namespace cunzhan::hub::province
