# The province role and the county's link on PostgreSQL: tests/province's chain and
# dashboard tests compiled again with the province hub on a fresh database of the private PostgreSQL
# (tests/pg/pg.cmake's fixture; province_world.hpp under CUNZHAN_TEST_PROVINCE_PG), plus
# the PostgreSQL-only cases here (a county hub on PostgreSQL, concurrent intake).
add_executable(tests_province_pg ${CMAKE_CURRENT_LIST_DIR}/province_pg_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/province/province_chain_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/province/province_dashboard_test.cpp
               ${PROJECT_SOURCE_DIR}/tests/province/province_world.cpp ${PROJECT_SOURCE_DIR}/tests/pg/pg_server.cpp)
target_include_directories(tests_province_pg PRIVATE ${PROJECT_SOURCE_DIR}/tests/province
                           ${PROJECT_SOURCE_DIR}/tests/pg)
target_compile_definitions(tests_province_pg PRIVATE CUNZHAN_TEST_PROVINCE_PG=1)
target_link_libraries(tests_province_pg PRIVATE cunzhan_test_main cunzhan_test_fixture cunzhan_station cunzhan_hub
                      cunzhan_hub_internals)
add_dependencies(tests_province_pg station hub fault_proxy)
catch_discover_tests(tests_province_pg TEST_PREFIX "province on pg: " EXTRA_ARGS -w NoTests PROPERTIES TIMEOUT 900
                     ${CUNZHAN_TEST_PROPERTIES_pg})
