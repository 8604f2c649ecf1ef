// The ingest tests' one way in: a push body through ingest() as station `s`, failing the
// test on an error (test_ingest, test_ingest_owned_fields, villager_ingest_test; also
// compiled over PostgreSQL by tests/pg).
#pragma once
#include <catch2/catch.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "hub_fixture.hpp"

namespace cunzhan::hub::testing {

inline ingest_outcome push(fixture& f, const station_row& s, const boost::json::value& body,
                           const ingest_options& o = {}) {
  ingest_request r;
  r.body = body;
  r.bytes_in = 100;
  auto out = ingest(*f.backend, s, r, o);
  if (!out) FAIL(out.err().describe(lang::en));
  return std::move(*out);
}

}  // namespace cunzhan::hub::testing
