// What every command shares: the run context (language, output, data directory), option
// parsing, opening the store, and printing errors in the officer's language with the
// right exit code (0 ok, 2 bad usage or input, 1 anything else).
#pragma once
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/tr.hpp"
#include "cunzhan/shared/validate.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_io = 74;  // EX_IOERR: a file could not be read or written

struct context {
  lang language = lang::en;
  bool json = false;
  bool lang_explicit = false;  // --lang given (export headers follow it; default Chinese)
  std::filesystem::path data_dir;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  const clock_source* clock = &real_clock();  // the store's clock and the log's stamps
  bool zh() const { return language == lang::zh; }
  // Picks the text for the chosen language: (zh, en), as cunzhan::tr and the web app's ctx::t.
  std::string_view t(std::string_view zh_text, std::string_view en) const {
    return tr(language, zh_text, en);
  }
};

struct args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--price" → "2.50"
  std::set<std::string> flags;                 // "--force"
  bool has(const std::string& name) const { return options.count(name) || flags.count(name); }
  const std::string* get(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? nullptr : &it->second;
  }
};

// Parses `--name value`, `--name=value` and flags. Anything starting with "--" that is
// not listed is a usage error; --help (or -h) and --json are always accepted as flags.
result<args> parse_args(const std::vector<std::string>& tokens,
                        const std::vector<std::string_view>& value_options,
                        const std::vector<std::string_view>& flag_options = {});

// Prints the error (chosen language first, then the other; fields one per line as
// `field: message`) and returns the exit code for it.
int report(const context& c, const error& e);
// One field problem as `field: <chosen language> / <the other>`, so a message is never
// lost to the wrong LANG.
std::string field_problem(const context& c, const field_error& f);
int exit_code_for(errc e);
// After a list or export: names each record the store skipped as damaged (id and what is
// wrong, both languages) on stderr. Returns exit_failure when there was one (the officer
// must act: the output lacks it), else `code`.
int report_damaged(const context& c, const store& s, int code);
int usage_error(const context& c, const std::string& en, const std::string& zh);
// ok when `path` is a readable regular file; else not_found/invalid_argument (exit 2)
// naming it, in both languages.
status require_file(const std::string& path);
// Prints help text to stdout, exit 0.
int print_help(const context& c, std::string_view text);

// Opens the station store (never creating it: only init does).
result<std::unique_ptr<store>> open_store(const context& c);

// Prints a JSON value on one line.
void print_json(const context& c, const boost::json::value& v);
// Prints rows as one JSON array, each row through to_json_row.
template <class Rows, class ToJson>
void print_json_rows(const context& c, const Rows& rows, ToJson to_json_row) {
  boost::json::array arr;
  for (const auto& r : rows) arr.push_back(to_json_row(r));
  print_json(c, arr);
}

// A villager service's `add` (villager, service): stores `record` unless `problems` (what
// all_problems found, every one at once) says no, then shows it: with --json the station's
// full JSON (to_json(x, wire=false)), else `said_zh`/`said_en` and the new id.
template <class Table, class T>
int add_and_show(const context& c, Table& table, const status& problems, T& record, std::string_view said_zh,
                 std::string_view said_en) {
  if (!problems) return report(c, problems.err());
  auto r = table.add(std::move(record));
  if (!r) return report(c, r.err());
  if (c.json)
    print_json(c, to_json(*r, /*wire=*/false));
  else
    *c.out << c.t(said_zh, said_en) << r->id << '\n';
  return exit_ok;
}

// Reads `--limit N` into limit (left as it is when absent); a bad value is reported as a
// usage error and its exit code returned.
std::optional<int> read_limit(const context& c, const args& a, std::size_t& limit);

// A command or subcommand handler: tokens after its own name.
using handler = int (*)(const context&, const std::vector<std::string>&);

struct subcommand {
  std::string_view name;
  handler run;
};
// Dispatches `tokens[0]` among subs; prints `help` for --help or a missing/unknown name.
int dispatch(const context& c, const std::vector<std::string>& tokens, std::string_view help,
             const std::vector<subcommand>& subs);

// The common shape of a subcommand: parse options, answer --help, check the number of
// positional arguments, open the store, then run fn.
int with_store(const context& c, const std::vector<std::string>& tokens, std::string_view help,
               const std::vector<std::string_view>& values, std::size_t positional,
               const std::function<int(store&, const args&)>& fn,
               const std::vector<std::string_view>& flags = {});

// A villager named on the command line by id, or by name when only one has it (cmd_villager.cpp).
result<std::string> villager_ref(store& s, const std::string& id_or_name);
// Reads --villager into id; a missing (when required) or unknown villager goes to errs.
void read_villager(store& s, const args& a, bool required, std::string& id, std::vector<field_error>& errs);
// Options as the field source of input/villager_input.hpp: {field, "--option"} pairs.
std::function<std::optional<std::string>(std::string_view)> options_source(
    const args& a, std::vector<std::pair<std::string_view, std::string_view>> names);

// The command groups (one file each).
int cmd_init(const context& c, const std::vector<std::string>& tokens);
int cmd_status(const context& c, const std::vector<std::string>& tokens);
int cmd_check(const context& c, const std::vector<std::string>& tokens);
int cmd_backup(const context& c, const std::vector<std::string>& tokens);
int cmd_rejected(const context& c, const std::vector<std::string>& tokens);
int cmd_listing(const context& c, const std::vector<std::string>& tokens);
int cmd_pickup(const context& c, const std::vector<std::string>& tokens);
int cmd_point(const context& c, const std::vector<std::string>& tokens);
int cmd_villager(const context& c, const std::vector<std::string>& tokens);
int cmd_order(const context& c, const std::vector<std::string>& tokens);
int cmd_service(const context& c, const std::vector<std::string>& tokens);
int cmd_import(const context& c, const std::vector<std::string>& tokens);
int cmd_export(const context& c, const std::vector<std::string>& tokens);
int cmd_sync(const context& c, const std::vector<std::string>& tokens);
int cmd_serve(const context& c, const std::vector<std::string>& tokens);
int cmd_schedule(const context& c, const std::vector<std::string>& tokens);

}  // namespace cunzhan::station_client::cli
