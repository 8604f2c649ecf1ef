// Entities ⇄ JSON objects (the `data` of an op, the CSV/CLI --json output).
// to_json(x, wire=true) omits what must stay on the station (farmer name and phone).
// from_json reports every wrong-typed or unknown field as a field_error.
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

result<listing> listing_from_json(const boost::json::object& o);
result<pickup> pickup_from_json(const boost::json::object& o);
result<courier_point> courier_point_from_json(const boost::json::object& o);

}  // namespace cunzhan
