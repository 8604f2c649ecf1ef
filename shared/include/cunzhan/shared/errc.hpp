// Error codes shared by the station and the hub, each with a snake_case wire name and
// a message in Chinese and English (the officer reads Chinese; logs and staff read both).
#pragma once
#include <string_view>
#include <system_error>

namespace cunzhan {

enum class lang { zh, en };

enum class errc {
  ok = 0,
  // input
  invalid_argument = 1,  // bad usage or a malformed value
  invalid_field,         // one field failed validation (see field_error)
  validation_failed,     // a record failed validation (one or more fields)
  invalid_division_code,
  unknown_division,
  unknown_brand,
  unknown_category,
  unknown_unit,
  invalid_utf8,
  text_too_long,
  invalid_date,
  invalid_json,
  json_too_deep,
  invalid_op,
  invalid_transition,  // e.g. selling a withdrawn listing
  not_found,
  already_exists,
  csv_invalid,
  encoding_unsupported,
  // storage
  db_error = 100,
  db_corrupt,
  db_busy,
  db_schema_too_new,
  not_initialised,
  already_initialised,
  enrolment_invalid,
  db_io_error,        // the disk failed a read or write (SQLite's IOERR family)
  disk_full,          // no space left where the database lives
  saved_unconfirmed,  // the record is in the file, but the disk did not confirm it is stored
  save_unknown,       // whether the record was saved could not be found out
  // protocol / network
  unauthorized = 200,
  forbidden,
  payload_too_large,
  header_too_large,
  unsupported_media_type,
  unsupported_encoding,
  bad_request,
  too_many_requests,
  unavailable,
  op_conflict,
  entity_owned_by_other,
  batch_too_large,
  network_error,
  tls_error,
  timeout,
  server_error,
  io_error,
  station_too_old,  // the station's program is below the hub's minimum version
};

// Wire/JSON name, e.g. "op_conflict". Never empty for a declared code.
std::string_view code_name(errc e) noexcept;
// Human message in the chosen language. Never empty for a declared code.
std::string_view message(errc e, lang l) noexcept;
// Parses a wire name back; returns errc::server_error for an unknown name.
errc code_from_name(std::string_view name) noexcept;
// Every declared code, for tests and documentation.
const errc* all_codes(std::size_t& count) noexcept;

const std::error_category& cunzhan_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), cunzhan_category()}; }

}  // namespace cunzhan

template <>
struct std::is_error_code_enum<cunzhan::errc> : std::true_type {};
