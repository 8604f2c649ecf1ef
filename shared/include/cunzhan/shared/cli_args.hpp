// Command-line options for every `hub` and `station` command: `--name value`,
// `--name=value`, repeatable options, boolean flags and positionals, checked against
// what the command accepts. Names may be written with or without the leading "--"
// ("data" and "--data" are the same option), in the lists and in the lookups.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan {

class cli_args {
 public:
  // `options` take a value, `flags` do not. --help (or -h) and --json are always accepted
  // as flags. Anything else starting with "--" is a usage error (errc::invalid_argument,
  // both languages), as is a flag given a value (`--force=1`) or an option without one.
  // A lone "--" and words not starting with "--" are positionals.
  static result<cli_args> parse(const std::vector<std::string>& argv,
                                const std::vector<std::string_view>& options,
                                const std::vector<std::string_view>& flags = {});

  // The last value given for the option (a repeated single-value option: the last wins).
  std::optional<std::string> get(std::string_view name) const;
  // Every value of a repeatable option, in the order given.
  std::vector<std::string> all(std::string_view name) const;
  // The value, or errc::invalid_argument naming the missing option; empty counts as missing.
  result<std::string> required(std::string_view name) const;
  // True when the flag or the option was given.
  bool has(std::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::vector<std::pair<std::string, std::string>> options_;  // bare name → value, in order
  std::vector<std::string> flags_;                            // bare names
  std::vector<std::string> positional_;
};

}  // namespace cunzhan
