// The router's limits, apart from the router itself so the configuration (config.hpp)
// can hold them without pulling in the HTTP application.
#pragma once
#include <cstddef>
#include <string>

#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/shared/json_util.hpp"

namespace cunzhan::hub {

struct router_options {
  ingest_options ingest;                 // ops per batch
  std::size_t pull_default_limit = 500;  // changes per pull page when no limit= is given
  std::size_t pull_max_limit = 5000;     // larger limit= values are clamped to this
  json_limits json;                      // depth and size limits for request bodies
  // Stations below this program version (or not saying theirs) are refused with 426
  // station_too_old; empty accepts every version (PROTOCOL.md "Compatibility").
  std::string min_station_version;
};

}  // namespace cunzhan::hub
