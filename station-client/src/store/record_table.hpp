// The one load/add/mutate/list path of the entity tables. Each entity file
// (listing_table.cpp, pickup_table.cpp, point_table.cpp, villager_table.cpp,
// order_table.cpp, service_table.cpp) specialises record_traits<T>
// with its SQL and its few rules, includes this file and instantiates record_table.
//
// record_traits<T> provides:
//   entity                     the op's entity type
//   upsert, select_one, select_all, select_filtered, added_between   SQL text
//   wire_differs               the op carries another form of the record than the row
//   from_json(object)          decodes a stored document
//   not_found(id)              the error for a missing id
//   prepare_new(T&, now)       defaults for add (timestamps, dates); the id is filled here
//   before_validate(T&)        last derived fields before validation (the masked phone)
//   doc(const T&, bool wire)   the stored document (wire=false) or the op's (wire=true)
//   bind_row(statement&, const T&, const std::string& doc, now)   binds `upsert`
//   bind_filter(statement&, const Filter&)                    binds `select_filtered`
//   state(const T&)            what check_change compares (the status, or nothing)
//   check_change(state_before, T& after, now)                 a mutate's rule
//   new_id()                   optional: the id of a new record (else a UUID v7)
//   implied(const T&, now)     optional: the service the record implies (written with it, once)
// `now` is the store's clock (store_options::clock), so tests set the time.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "connection.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/villager_validate.hpp"
#include "store_ids.hpp"

namespace cunzhan::station_client {

template <class T>
struct record_traits;

// The service a record for a villager implies (service_table.cpp); nullopt without a villager.
std::optional<villager_service> implied_for(const std::string& villager_id, std::optional<sys_seconds> at,
                                            service_kind kind, const std::string& source_id, sys_seconds now);

// ok when the villager is in the register (villager_table.cpp); the hub cannot check it.
status villager_registered(store_connection& c, const std::string& villager_id);

namespace detail {

template <class T>
result<T> record_from_doc(const std::string& text) {
  auto o = parse_doc(text);
  if (!o) return std::move(o).err();
  return record_traits<T>::from_json(*o);
}

// Entity tables keep each record as one JSON document in column 0 of their SELECTs and
// its id in column 1. A row that does not decode goes to `damaged` (id and what is
// wrong) and the rest is still read: one bad record must not hide all the others.
// Decodes every row of a bound, cached statement. The documents are read first and the
// statement reset before decoding, so a decoder may use the store again.
template <class T>
result<std::vector<T>> decode_rows(sql::statement& st, std::vector<damaged_record>& damaged) {
  damaged.clear();
  std::vector<std::pair<std::string, std::string>> docs;  // id, doc
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    docs.emplace_back(st.column_text(1), st.column_text(0));
  }
  st.reset();
  std::vector<T> out;
  out.reserve(docs.size());
  for (const auto& [id, d] : docs) {
    auto v = record_from_doc<T>(d);
    if (v)
      out.push_back(std::move(*v));
    else
      damaged.push_back({id, std::move(v).err()});
  }
  return out;
}

}  // namespace detail

template <class T, class Filter>
result<std::optional<T>> record_table<T, Filter>::load(const std::string& id) {
  auto st = conn_.db().prepare_cached(record_traits<T>::select_one);
  if (!st) return std::move(st).err();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<T>();
  std::string doc = (*st)->column_text(0);
  (*st)->reset();
  auto r = detail::record_from_doc<T>(doc);
  if (!r) return std::move(r).err();
  return std::optional<T>(std::move(*r));
}

template <class T, class Filter>
const clock_source& record_table<T, Filter>::clock() const {
  return conn_.clock();
}

template <class T, class Filter>
status record_table<T, Filter>::write(T& rec) {
  using traits = record_traits<T>;
  auto ctx = meta_.validation();
  if (!ctx) return std::move(ctx).err();
  traits::before_validate(rec);
  if (auto errs = validate(rec, *ctx); !errs.empty()) return to_status(std::move(errs));
  if constexpr (requires { rec.villager_id; }) {
    if (!rec.villager_id.empty())
      if (auto s = villager_registered(conn_, rec.villager_id); !s) return s;
  }
  auto st = conn_.db().prepare_cached(traits::upsert);
  if (!st) return std::move(st).err();
  const std::string doc = traits::doc(rec, /*wire=*/false);
  traits::bind_row(**st, rec, doc, conn_.clock().now());
  if (auto s = (*st)->run(); !s) return s;
  // An entity the hub has not announced stays unsent until it does (queue_all_unsent).
  auto accepted = meta_.accepts(traits::entity);
  if (!accepted) return std::move(accepted).err();
  if (*accepted) {
    // A listing's op carries the wire form: no farmer name or phone, only the mask.
    auto s = traits::wire_differs ? outbox_.append(traits::entity, rec.id, traits::doc(rec, /*wire=*/true))
                                  : outbox_.append(traits::entity, rec.id, doc);
    if (!s) return s;
  }
  if constexpr (requires { traits::implied(rec, sys_seconds{}); }) {
    if (auto implied = traits::implied(rec, conn_.clock().now()))
      return service_table(conn_, meta_, outbox_).record_implied(std::move(*implied));
  }
  return ok_status();
}

template <class T, class Filter>
status record_table<T, Filter>::queue_all_unsent() {
  using traits = record_traits<T>;
  status out = ok_status();
  auto walked = for_each([&](const T& rec) {
    out = outbox_.append(traits::entity, rec.id, traits::doc(rec, /*wire=*/true));
    return static_cast<bool>(out);
  });
  if (!walked) return walked;
  return out;
}

template <class T, class Filter>
result<T> record_table<T, Filter>::add(T rec) {
  if (rec.id.empty()) {
    if constexpr (requires { record_traits<T>::new_id(); })
      rec.id = record_traits<T>::new_id();
    else
      rec.id = new_record_id();
  }
  record_traits<T>::prepare_new(rec, conn_.clock().now());
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return std::move(s).err();
  if (auto s = write(rec); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return rec;
}

template <class T, class Filter>
result<T> record_table<T, Filter>::mutate(const std::string& id, const std::function<status(T&)>& fn) {
  using traits = record_traits<T>;
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return std::move(s).err();
  auto found = load(id);
  if (!found) return std::move(found).err();
  if (!*found) return traits::not_found(id);
  T rec = std::move(**found);
  const auto before = traits::state(rec);
  if (auto s = fn(rec); !s) return std::move(s).err();
  if (auto s = traits::check_change(before, rec, conn_.clock().now()); !s) return std::move(s).err();
  rec.id = id;  // the edit must not move the record
  if (auto s = write(rec); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return rec;
}

template <class T, class Filter>
result<T> record_table<T, Filter>::get(const std::string& id) {
  auto found = load(id);
  if (!found) return std::move(found).err();
  if (!*found) return record_traits<T>::not_found(id);
  return std::move(**found);
}

template <class T, class Filter>
result<std::vector<T>> record_table<T, Filter>::list(const Filter& f) {
  auto st = conn_.db().prepare_cached(record_traits<T>::select_filtered);
  if (!st) return std::move(st).err();
  record_traits<T>::bind_filter(**st, f);
  return detail::decode_rows<T>(**st, conn_.damaged());
}

// A private statement, not the cache: fn may call back into the store.
template <class T, class Filter>
status record_table<T, Filter>::for_each(const std::function<bool(const T&)>& fn) {
  auto& damaged = conn_.damaged();
  damaged.clear();
  auto st = conn_.db().prepare(record_traits<T>::select_all);
  if (!st) return std::move(st).err();
  for (;;) {
    auto row = st->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    auto v = detail::record_from_doc<T>(st->column_text(0));
    if (!v) {
      damaged.push_back({st->column_text(1), std::move(v).err()});
      continue;
    }
    if (!fn(*v)) break;
  }
  return ok_status();
}

// Instants in the JSON doc are always written by format_instant as
// "YYYY-MM-DDTHH:MM:SS+08:00", so their first ten characters are the Shanghai day and
// can be compared as text. A query leaves the parameters it lacks unbound (NULL).
template <class T, class Filter>
result<std::int64_t> record_table<T, Filter>::count_on(const char* sql_text, date d) {
  const std::int64_t from = shanghai_midnight(d).time_since_epoch().count();
  auto st = conn_.db().prepare_cached(sql_text);
  if (!st) return std::move(st).err();
  const std::string_view text(sql_text);
  if (text.find("?1") != std::string_view::npos) (*st)->bind(1, from).bind(2, from + 24 * 3600);
  if (text.find("?3") != std::string_view::npos) (*st)->bind(3, format_date(d));
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  const std::int64_t n = *row ? (*st)->column_int(0) : 0;
  (*st)->reset();
  return n;
}

template <class T, class Filter>
result<std::int64_t> record_table<T, Filter>::added_on(date d) {
  return count_on(record_traits<T>::added_between, d);
}

}  // namespace cunzhan::station_client
