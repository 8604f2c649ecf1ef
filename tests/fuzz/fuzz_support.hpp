// Shared by the fuzz targets: invariant checks that stop the run with a message, raw
// HTTP request bytes to the net layer's request value, and the program's sanitizer
// defaults (exit status 86 on a report).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cunzhan/net/http_types.hpp"

namespace cunzhan::fuzz {

// Aborts with `what` (libFuzzer then saves the input) when an invariant does not hold.
void require(bool ok, std::string_view what, std::string_view detail = {});

// A request as the network layer hands it over: "METHOD TARGET HTTP/1.1", header lines,
// a blank line, the body. Names are lower-cased, the path percent-decoded and the query
// split as the server does; nullopt for what the server itself would refuse (bad
// request line, malformed escape). Content-Length is taken from the body's size.
std::optional<net::http_request> parse_request(std::string_view bytes);

// True when body is valid UTF-8 and, for a JSON content type, one JSON document.
bool body_well_formed(const net::http_response& r);

// A station data directory enrolled (荣昌区 test village) in a temp dir removed at exit.
const std::filesystem::path& enrolled_station_dir();
// Opens the station's store afresh and requires it readable: every record of every kind
// decodes (no damaged record) and exports. The invariant after any accepted input.
void require_station_readable(const std::filesystem::path& data_dir);

// Input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace cunzhan::fuzz
