// Shared CLI plumbing: option parsing, error printing and exit codes, store opening.
#include "cli_common.hpp"

#include <algorithm>
#include <iostream>

#include <boost/json.hpp>

#include "../input/fields.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/shared/cli_args.hpp"

namespace cunzhan::station_client::cli {

// The shared parser (cunzhan::cli_args) does the parsing; the commands read its result as
// maps keyed by the option as written ("--price").
result<args> parse_args(const std::vector<std::string>& tokens,
                        const std::vector<std::string_view>& value_options,
                        const std::vector<std::string_view>& flag_options) {
  auto parsed = cli_args::parse(tokens, value_options, flag_options);
  if (!parsed) return std::move(parsed).err();
  args a;
  a.positional = parsed->positional();
  for (std::string_view f : {std::string_view("--help"), std::string_view("--json")}) {
    if (parsed->has(f)) a.flags.insert(std::string(f));
  }
  for (std::string_view f : flag_options) {
    if (parsed->has(f)) a.flags.insert(std::string(f));
  }
  for (std::string_view o : value_options) {
    if (auto v = parsed->get(o)) a.options[std::string(o)] = std::move(*v);
  }
  return a;
}

int exit_code_for(errc e) {
  // Input problems the officer can fix get 2; a file that cannot be read or written 74
  // (EX_IOERR); storage, network and internal ones 1.
  if (static_cast<int>(e) > 0 && static_cast<int>(e) < 100) return exit_usage;
  if (e == errc::io_error) return exit_io;
  if (e == errc::enrolment_invalid) return exit_usage;
  return exit_failure;
}

namespace {

std::string headline(const error& e, lang l) {
  std::string out(l == lang::zh ? "错误：" : "error: ");
  out += message(e.code, l);
  const std::string& d = l == lang::zh ? (e.detail_zh.empty() ? e.detail_en : e.detail_zh)
                                       : (e.detail_en.empty() ? e.detail_zh : e.detail_en);
  if (!d.empty()) out += (l == lang::zh ? "：" : ": ") + d;
  return out;
}

std::string field_text(const field_error& f, lang l) {
  const std::string& m = l == lang::zh ? f.message_zh : f.message_en;
  return m.empty() ? std::string(message(f.code, l)) : m;
}

}  // namespace

std::string field_problem(const context& c, const field_error& f) {
  const lang other = c.zh() ? lang::en : lang::zh;
  std::string out = f.field + ": " + field_text(f, c.language);
  if (const std::string o = field_text(f, other); o != field_text(f, c.language)) out += " / " + o;
  return out;
}

namespace {

// What a restore of the last backup would cost, in both languages.
std::pair<std::string, std::string> restore_advice(const context& c) {
  const restore_cost cost = what_restore_loses(c.data_dir);
  std::string en = "The file was left exactly as it was; do not delete it. ";
  std::string zh = "文件未作任何改动，请勿删除。";
  if (cost.backup_path) {
    const std::string n =
        cost.records_since ? std::to_string(*cost.records_since) : std::string("an uncounted number of");
    const std::string n_zh =
        cost.records_since ? std::to_string(*cost.records_since) + " 条" : std::string("（无法统计）");
    en += "The last backup is " + *cost.backup_path + " (" + *cost.backup_at + "); restoring it LOSES the " +
          n + " changes saved since then, which the hub may already have. ";
    zh += "最近的备份是 " + *cost.backup_path + "（" + *cost.backup_at + "）；用它恢复会丢失此后保存的 " +
          n_zh + "修改（区县中心可能已收到其中一部分）。";
  } else if (cost.backup_known) {
    en += "No backup was made with `station backup` on this PC; ";
    zh += "本机没有用 `station backup` 做过备份；";
  } else {
    en += "Whether a backup exists and what restoring it would lose could not be read from the file; ";
    zh += "无法从文件中读出是否有备份、恢复会丢失多少记录；";
  }
  en +=
      "Ask the county hub's staff before restoring anything (backups are made with `station backup --to "
      "FILE`).";
  zh += "恢复前请先联系区县中心工作人员（备份用 `station backup --to 文件` 制作）。";
  return {en, zh};
}

}  // namespace

int report(const context& c, const error& reported) {
  // A damaged-file verdict is given only when a fresh open finds the damage too.
  const error e = reported.code == errc::db_corrupt && !c.data_dir.empty()
                      ? confirm_damage(c.data_dir, reported)
                      : reported;
  const lang other = c.zh() ? lang::en : lang::zh;
  *c.err << headline(e, c.language) << '\n' << headline(e, other) << '\n';
  for (const auto& f : e.fields) *c.err << field_problem(c, f) << '\n';
  // What to do next, once: the headlines above already say what is wrong.
  if (e.code == errc::db_corrupt) {
    const auto [en, zh] = restore_advice(c);
    *c.err << c.t(zh, en) << '\n' << c.t(en, zh) << '\n';
  } else if (e.code == errc::disk_full) {
    constexpr std::string_view en =
        "Free space on this PC's disk (delete or move old files, empty the recycle bin), then run the "
        "command "
        "again.";
    constexpr std::string_view zh = "请清理本机硬盘空间（删除或移走旧文件），然后重新运行命令。";
    *c.err << c.t(zh, en) << '\n' << c.t(en, zh) << '\n';
  } else if (e.code == errc::db_io_error) {
    constexpr std::string_view en =
        "The disk of this PC reported an error; the database file is not known to be damaged. Try again; if "
        "it "
        "keeps happening, have the disk checked. Do not restore an old backup over the file.";
    constexpr std::string_view zh =
        "本机硬盘报告读写错误；数据库文件并没有被认定损坏。请重试；如果反复出现，请检修硬盘。请勿用旧备份覆盖"
        "数据库文件。";
    *c.err << c.t(zh, en) << '\n' << c.t(en, zh) << '\n';
  }
  return exit_code_for(e.code);
}

int report_damaged(const context& c, const store& s, int code) {
  for (const auto& d : s.damaged()) {
    const std::string en = "damaged record " + d.id + " (not listed): " + d.what.describe(lang::en);
    const std::string zh = "记录 " + d.id + " 已损坏（未列出）：" + d.what.describe(lang::zh);
    *c.err << c.t(zh, en) << '\n' << c.t(en, zh) << '\n';
  }
  return s.damaged().empty() ? code : exit_failure;
}

int usage_error(const context& c, const std::string& en, const std::string& zh) {
  return report(c, error(errc::invalid_argument, en, zh));
}

status require_file(const std::string& path) {
  std::error_code ec;
  const auto st = std::filesystem::status(platform::path_from_utf8(path), ec);
  if (!std::filesystem::exists(st)) {
    return error(errc::not_found, "no such file: " + path + " (check the name and folder)",
                 "找不到文件：" + path + "（请检查文件名和所在文件夹）");
  }
  if (!std::filesystem::is_regular_file(st)) {
    return error(errc::invalid_argument, "not a file: " + path, "不是文件：" + path);
  }
  return ok_status();
}

int print_help(const context& c, std::string_view text) {
  *c.out << text;
  if (!text.ends_with('\n')) *c.out << '\n';
  return exit_ok;
}

result<std::unique_ptr<store>> open_store(const context& c) {
  store_options o;
  o.create = false;
  o.clock = c.clock;
  return store::open(c.data_dir, o);
}

void print_json(const context& c, const boost::json::value& v) {
  *c.out << boost::json::serialize(v) << '\n';
}

std::optional<int> read_limit(const context& c, const args& a, std::size_t& limit) {
  const std::string* v = a.get("--limit");
  if (!v) return std::nullopt;
  auto n = parse_integer(*v);
  if (!n || *n < 0) return usage_error(c, "--limit must be a whole number", "--limit 必须是非负整数");
  limit = static_cast<std::size_t>(*n);
  return std::nullopt;
}

int dispatch(const context& c, const std::vector<std::string>& tokens, std::string_view help,
             const std::vector<subcommand>& subs) {
  if (tokens.empty() || tokens[0] == "--help" || tokens[0] == "-h" || tokens[0] == "help") {
    print_help(c, help);
    return tokens.empty() ? exit_usage : exit_ok;
  }
  for (const auto& s : subs) {
    if (tokens[0] == s.name) return s.run(c, std::vector<std::string>(tokens.begin() + 1, tokens.end()));
  }
  return usage_error(c, "unknown subcommand " + tokens[0] + " (see --help)",
                     "未知子命令 " + tokens[0] + "（参见 --help）");
}

int with_store(const context& c, const std::vector<std::string>& tokens, std::string_view help,
               const std::vector<std::string_view>& values, std::size_t positional,
               const std::function<int(store&, const args&)>& fn,
               const std::vector<std::string_view>& flags) {
  auto a = parse_args(tokens, values, flags);
  if (!a) return report(c, a.err());
  if (a->flags.count("--help")) return print_help(c, help);
  if (a->positional.size() != positional) {
    print_help(c, help);
    return usage_error(c, "wrong number of arguments", "参数个数不对");
  }
  auto s = open_store(c);
  if (!s) return report(c, s.err());
  return fn(**s, *a);
}

}  // namespace cunzhan::station_client::cli
