// The PostgreSQL address the hub is given (`hub serve --storage postgresql://…`,
// CUNZHAN_HUB_STORAGE): recognised, and shown only with its secrets blanked.
#pragma once
#include <string>
#include <string_view>

namespace cunzhan::hub::pg {

// True for a libpq connection URI (postgresql:// or postgres://).
bool is_postgres_url(std::string_view s);

// The URL with the password (user:SECRET@ and any password= / sslpassword= parameter)
// replaced by "***": the only form of it that may be printed or logged.
std::string redact_url(std::string_view url);

}  // namespace cunzhan::hub::pg
