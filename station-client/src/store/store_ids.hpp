// Ids the station gives new records and outbox ops (store_ids.cpp).
#pragma once
#include <string>

namespace cunzhan::station_client {

// A UUID v7 (RFC 9562) in the canonical lower-case form, like cunzhan::uuid_v7().
std::string new_record_id();

}  // namespace cunzhan::station_client
