// The one option parser of the two programs (see cli_args.hpp).
#include "cunzhan/shared/cli_args.hpp"

#include <algorithm>

namespace cunzhan {
namespace {

std::string_view bare(std::string_view name) {
  if (name.starts_with("--")) name.remove_prefix(2);
  return name;
}

bool listed(const std::vector<std::string_view>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view s) { return bare(s) == name; });
}

}  // namespace

result<cli_args> cli_args::parse(const std::vector<std::string>& argv,
                                 const std::vector<std::string_view>& options,
                                 const std::vector<std::string_view>& flags) {
  cli_args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& t = argv[i];
    if (t == "-h") {
      a.flags_.emplace_back("help");
      continue;
    }
    if (!t.starts_with("--") || t == "--") {
      a.positional_.push_back(t);
      continue;
    }
    std::string name = t.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const std::string shown = "--" + name;
    if (name == "help" || name == "json" || listed(flags, name)) {
      if (value)
        return error(errc::invalid_argument, "option " + shown + " takes no value",
                     "选项 " + shown + " 不带值");
      a.flags_.push_back(name);
    } else if (listed(options, name)) {
      if (!value) {
        if (i + 1 >= argv.size()) {
          return error(errc::invalid_argument, "option " + shown + " needs a value",
                       "选项 " + shown + " 需要一个值");
        }
        value = argv[++i];
      }
      a.options_.emplace_back(name, std::move(*value));
    } else {
      return error(errc::invalid_argument, "unknown option " + shown + " (see --help)",
                   "未知选项 " + shown + "（参见 --help）");
    }
  }
  return a;
}

std::optional<std::string> cli_args::get(std::string_view name) const {
  name = bare(name);
  for (auto it = options_.rbegin(); it != options_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

std::vector<std::string> cli_args::all(std::string_view name) const {
  name = bare(name);
  std::vector<std::string> out;
  for (const auto& [n, v] : options_) {
    if (n == name) out.push_back(v);
  }
  return out;
}

result<std::string> cli_args::required(std::string_view name) const {
  if (auto v = get(name); v && !v->empty()) return *v;
  const std::string shown = "--" + std::string(bare(name));
  return error(errc::invalid_argument, "missing " + shown + " (see --help)",
               "缺少 " + shown + "（参见 --help）");
}

bool cli_args::has(std::string_view name) const {
  name = bare(name);
  return std::find(flags_.begin(), flags_.end(), name) != flags_.end() || get(name).has_value();
}

}  // namespace cunzhan
