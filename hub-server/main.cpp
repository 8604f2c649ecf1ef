// The `hub` program: everything lives in cunzhan_hub; see hub --help.
#include "cunzhan/hub/cli.hpp"
#include "cunzhan/shared/sanitizer_options.hpp"

int main(int argc, char** argv) { return cunzhan::hub::run_cli(argc, argv); }
