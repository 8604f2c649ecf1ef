// The `hub` admin CLI: `hub <command> [options]`. Exit codes: 0 ok, 2 bad usage or
// input, 1 anything else. Errors go to stderr in English and Chinese.
#pragma once

namespace cunzhan::hub {

int run_cli(int argc, char** argv);

}  // namespace cunzhan::hub
