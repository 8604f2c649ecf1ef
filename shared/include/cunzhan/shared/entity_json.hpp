// Entities ⇄ JSON objects (the `data` of an op, the CSV/CLI --json output).
// to_json(x, wire=true) omits what must stay on the station (farmer name and phone).
// from_json reports every wrong-typed field as a field_error. A key it does not know is
// no error (stations and hubs run mixed versions: a newer station's new field must not
// get its ops refused); it is copied into `unknown` when given, for the caller to keep.
#pragma once
#include <boost/json/fwd.hpp>
#include <boost/json/value.hpp>

#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan {

boost::json::object to_json(const listing& l, bool wire);
boost::json::object to_json(const pickup& p);
boost::json::object to_json(const courier_point& c);
boost::json::object to_json(const station& s);

result<listing> listing_from_json(const boost::json::object& o, boost::json::object* unknown = nullptr);
result<pickup> pickup_from_json(const boost::json::object& o, boost::json::object* unknown = nullptr);
result<courier_point> courier_point_from_json(const boost::json::object& o,
                                              boost::json::object* unknown = nullptr);

// Keys no station may put in an op's `data`, whatever its version: fields the hub owns
// (it fills them from the token and the registry) and the farmer's identity, which never
// leaves the station (PROTOCOL.md). The hub refuses an op carrying one, also as an
// unknown key of an entity that has no such field.
bool is_hub_owned_key(std::string_view key);
bool is_personal_data_key(std::string_view key);

}  // namespace cunzhan
