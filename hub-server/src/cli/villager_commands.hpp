// The villager-service commands of `hub` (KPIS.md "Villager services"): population,
// officer roster, training. Declared apart from commands.hpp so only cli.cpp sees them.
#pragma once
#include "cli/commands.hpp"

namespace cunzhan::hub::cli {

int cmd_import_population(const argv_t& a, const clock_source& clock);  // cmd_population.cpp
int cmd_officer(const argv_t& a, const clock_source& clock);            // cmd_roster.cpp
int cmd_training(const argv_t& a, const clock_source& clock);           // cmd_roster.cpp

}  // namespace cunzhan::hub::cli
