// Command-line parsing shared by the subcommands: `--name value`, `--name=value`,
// repeatable options, boolean flags and positionals, checked against what the command accepts.
#pragma once
#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::cli {

class args {
 public:
  // `options` take a value, `flags` do not; anything else starting with "--" is an error.
  static result<args> parse(const std::vector<std::string>& argv, std::initializer_list<const char*> options,
                            std::initializer_list<const char*> flags);

  std::optional<std::string> get(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  bool has(const std::string& flag) const { return flags_.count(flag) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }
  // The value or errc::invalid_argument naming the missing option.
  result<std::string> required(const std::string& name) const;
  // --data, else $CUNZHAN_HUB_DATA, else ./hub-data.
  std::string data_dir() const;

 private:
  std::multimap<std::string, std::string> opts_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

// Prints an error in both languages; returns the exit code for it (2 input, 1 other).
int report(const error& e);
// Writes `text` to `path` with mode 0600 (or 0644 when !secret), replacing the file.
status write_file(const std::string& path, const std::string& text, bool secret);
result<std::string> read_file(const std::string& path);

}  // namespace cunzhan::hub::cli
