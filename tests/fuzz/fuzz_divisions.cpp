// `hub import-divisions` on a real hub store, the file (streets or villages CSV, UTF-8 or
// GB18030) from the input; 荣昌区's streets are loaded first so village files can match.
// Invariants: an import that succeeds, run again, changes nothing (same rows, no new
// ref_change for stations to pull) and still succeeds; a failed import changes nothing.
#include <fstream>
#include <iostream>

#include "cunzhan/hub/cli.hpp"
#include "fuzz_support.hpp"
#include "store/hub_store.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using fuzz::require;

namespace {

int run_hub(std::vector<std::string> args) {
  args.insert(args.begin(), "hub");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return hub::run_cli(static_cast<int>(args.size()), argv.data());
}

std::string counts(const std::string& data) {
  auto s = hub::hub_store::open(data, false);
  require(s.ok(), "the hub store opens after an import");
  auto w = (*s)->writer();
  std::string out;
  for (const char* q :
       {"SELECT count(*) FROM division_township", "SELECT count(*) FROM division_village",
        "SELECT count(*) FROM ref_change", "SELECT coalesce(sum(length(name)), 0) FROM division_village"}) {
    auto st = w.db().prepare(q);
    require(st.ok() && st->step().ok(), "a registry count reads");
    out += std::to_string(st->column_int(0)) + " ";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static test::temp_dir* dir = [] {
    std::cout.rdbuf(nullptr);  // the command's own report lines
    std::cerr.rdbuf(nullptr);
    auto* d = new test::temp_dir("fuzz-hub");
    std::atexit([] { delete dir; });
    return d;
  }();
  static const std::string hub_data = (dir->path() / "data").string();
  static const std::string file = (dir->path() / "in.csv").string();
  static const std::string streets = (test::divisions_dir() / "streets-500153.csv").string();
  static int runs = 0;
  if (runs++ % 500 == 0) {  // start again from a small registry now and then
    std::filesystem::remove_all(hub_data);
    require(run_hub({"init", "--data", hub_data}) == 0, "hub init");
    require(run_hub({"import-divisions", "--data", hub_data, streets}) == 0, "the shipped streets import");
  }
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const std::string before = counts(hub_data);
  if (run_hub({"import-divisions", "--data", hub_data, file}) != 0) {
    require(counts(hub_data) == before, "a refused import changes nothing", before);
    return 0;
  }
  const std::string once = counts(hub_data);
  require(run_hub({"import-divisions", "--data", hub_data, file}) == 0, "an import that worked works again");
  require(counts(hub_data) == once, "importing the same file again changes nothing", before + "-> " + once);
  return 0;
}
