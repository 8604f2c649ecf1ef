// The subcommands' command line (the shared parser, cunzhan/shared/cli_args.hpp), error
// reporting and file helpers.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/cli_args.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::cli {

// The shared option parser (cunzhan/shared/cli_args.hpp) plus where the hub's data lives.
class args : public cli_args {
 public:
  // `options` take a value, `flags` do not; anything else starting with "--" is an error.
  static result<args> parse(const std::vector<std::string>& argv,
                            const std::vector<std::string_view>& options,
                            const std::vector<std::string_view>& flags = {});
  // --data, else $CUNZHAN_HUB_DATA, else ./hub-data.
  std::string data_dir() const;

 private:
  explicit args(cli_args a) : cli_args(std::move(a)) {}
};

// Prints an error in both languages; returns the exit code for it (2 input, 1 other).
int report(const error& e);
// Writes `text` to `path` with mode 0600 (or 0644 when !secret), replacing the file.
status write_file(const std::string& path, const std::string& text, bool secret);
result<std::string> read_file(const std::string& path);
// A CSV file's rows, UTF-8 or GB18030/GBK (the registry and population imports).
result<std::vector<csv::row>> read_csv_file(const std::string& path);

}  // namespace cunzhan::hub::cli
