// The `station` program: the officer's command line; all the work is in cunzhan_station.
#include "cunzhan/shared/sanitizer_options.hpp"
#include "cunzhan/station/cli.hpp"

int main(int argc, char** argv) { return cunzhan::station_client::run_cli(argc, argv); }
