# The PostgreSQL tests (tests/pg): one private PostgreSQL 15 per CTest run, started by the
# fixture below (tests/pg/pg-cluster) and stopped at the end, failures included. Every
# test case makes its own database on it, so `ctest -j` runs them side by side. Run by
# hand (no CUNZHAN_TEST_PG_STATE), tests_pg starts a server of its own (pg_server.cpp).
set(CUNZHAN_PG_STATE ${CMAKE_CURRENT_BINARY_DIR}/pg-cluster.state)
add_test(NAME "pg: server start" COMMAND ${CMAKE_CURRENT_LIST_DIR}/pg-cluster start ${CUNZHAN_PG_STATE})
set_tests_properties("pg: server start" PROPERTIES FIXTURES_SETUP cunzhan_pg TIMEOUT 120)
add_test(NAME "pg: server stop" COMMAND ${CMAKE_CURRENT_LIST_DIR}/pg-cluster stop ${CUNZHAN_PG_STATE})
set_tests_properties("pg: server stop" PROPERTIES FIXTURES_CLEANUP cunzhan_pg TIMEOUT 120)
set(CUNZHAN_TEST_LIBS_pg cunzhan_hub cunzhan_hub_internals  # white-box: store/postgres besides `storage`
    cunzhan_test_fixture cunzhan_station)  # hub migrate and several hub serve: real programs, kpi_world
set(CUNZHAN_TEST_PROPERTIES_pg FIXTURES_REQUIRED cunzhan_pg ENVIRONMENT CUNZHAN_TEST_PG_STATE=${CUNZHAN_PG_STATE})
# The conformance suite: tests/hub's storage tests compiled again with hub_fixture.hpp's
# `fixture` on PostgreSQL (pg_fixture.hpp); their names run under the "pg:" prefix.
cmake_language(DEFER CALL target_sources tests_pg PRIVATE ${PROJECT_SOURCE_DIR}/tests/hub/test_ingest.cpp
               ${PROJECT_SOURCE_DIR}/tests/hub/people_served_summary_test.cpp)
# …and the router's admission, token lookups, staff sign-in and dashboard sessions.
cmake_language(DEFER CALL target_sources tests_pg PRIVATE ${PROJECT_SOURCE_DIR}/tests/hub/test_auth.cpp
               ${PROJECT_SOURCE_DIR}/tests/hub/test_router.cpp ${PROJECT_SOURCE_DIR}/tests/hub/kpi_routes_test.cpp)
cmake_language(DEFER CALL target_include_directories tests_pg PRIVATE ${PROJECT_SOURCE_DIR}/tests/hub
               ${PROJECT_SOURCE_DIR}/tests/pg)
cmake_language(DEFER CALL target_compile_definitions tests_pg PRIVATE CUNZHAN_TEST_FIXTURE_HEADER="pg_fixture.hpp")
cmake_language(DEFER CALL target_sources tests_pg PRIVATE ${PROJECT_SOURCE_DIR}/tests/hub/kpi_recount_test.cpp)
cmake_language(DEFER CALL target_compile_definitions tests_pg PRIVATE CUNZHAN_TEST_KPI_DB_HEADER="pg_kpi_db.hpp")
# `hub migrate` is tested on a county filled by the real sync path (tests/integration/kpi_world).
cmake_language(DEFER CALL target_sources tests_pg PRIVATE ${PROJECT_SOURCE_DIR}/tests/integration/kpi_world.cpp)
# The benchmarks' PostgreSQL figures run on a private server of their own (pg_server.cpp).
cmake_language(DEFER CALL target_sources bench_hub_ingest_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/pg/pg_server.cpp)
cmake_language(DEFER CALL target_sources bench_kpi_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/pg/pg_server.cpp)
