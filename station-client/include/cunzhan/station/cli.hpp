// The officer's command line (`station ...`): global options, commands, exit codes
// (0 ok, 2 bad usage or bad input, 1 anything else).
#pragma once

namespace cunzhan::station_client {

int run_cli(int argc, char** argv);

}  // namespace cunzhan::station_client
