// The villager services ⇄ JSON objects (the `data` of an op; the station's own JSON).
// wire=true leaves out what stays on the station: a villager's name, phone and note, the
// notes of orders and services. from_json reports every wrong-typed field and hands back
// unknown keys (a newer version's fields), as entity_json.hpp does.
#pragma once
#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/villager.hpp"

namespace cunzhan {

boost::json::object to_json(const villager& v, bool wire);
boost::json::object to_json(const proxy_buy_order& o, bool wire);
boost::json::object to_json(const villager_service& s, bool wire);
result<villager> villager_from_json(const boost::json::object& o, boost::json::object* unknown = nullptr);
result<proxy_buy_order> proxy_buy_from_json(const boost::json::object& o,
                                            boost::json::object* unknown = nullptr);
result<villager_service> service_from_json(const boost::json::object& o,
                                           boost::json::object* unknown = nullptr);

}  // namespace cunzhan
