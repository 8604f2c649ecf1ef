// The errc table: wire name and zh/en message of every code, and the std::error_category.
#include "cunzhan/shared/errc.hpp"

#include <array>
#include <string>

namespace cunzhan {
namespace {

struct code_info {
  errc code;
  std::string_view name;
  std::string_view zh;
  std::string_view en;
};

// One row per declared code; tests check that every code is here exactly once.
constexpr code_info k_codes[] = {
    {errc::ok, "ok", "成功", "OK"},
    {errc::invalid_argument, "invalid_argument", "参数无效", "Invalid argument"},
    {errc::invalid_field, "invalid_field", "字段无效", "Invalid field"},
    {errc::validation_failed, "validation_failed", "数据校验未通过", "Validation failed"},
    {errc::invalid_division_code, "invalid_division_code", "区划代码格式无效", "Invalid division code"},
    {errc::unknown_division, "unknown_division", "区划代码不在本县范围内",
     "Unknown division for this county"},
    {errc::unknown_brand, "unknown_brand", "未知的快递品牌", "Unknown courier brand"},
    {errc::unknown_category, "unknown_category", "未知的产品类别", "Unknown product category"},
    {errc::unknown_unit, "unknown_unit", "未知的计量单位", "Unknown unit"},
    {errc::invalid_utf8, "invalid_utf8", "文本不是有效的 UTF-8 编码", "Text is not valid UTF-8"},
    {errc::text_too_long, "text_too_long", "文本过长", "Text too long"},
    {errc::invalid_date, "invalid_date", "日期或时间无效", "Invalid date or time"},
    {errc::invalid_json, "invalid_json", "JSON 格式无效", "Invalid JSON"},
    {errc::json_too_deep, "json_too_deep", "JSON 嵌套层数过多", "JSON nested too deeply"},
    {errc::invalid_op, "invalid_op", "操作记录无效", "Invalid operation"},
    {errc::invalid_transition, "invalid_transition", "当前状态不允许此操作",
     "Operation not allowed in the current state"},
    {errc::not_found, "not_found", "未找到", "Not found"},
    {errc::already_exists, "already_exists", "已存在", "Already exists"},
    {errc::csv_invalid, "csv_invalid", "CSV 文件格式无效", "Invalid CSV file"},
    {errc::encoding_unsupported, "encoding_unsupported", "不支持的文本编码", "Unsupported text encoding"},
    {errc::db_error, "db_error", "数据库错误", "Database error"},
    {errc::db_corrupt, "db_corrupt", "数据库文件已损坏", "Database file is corrupt"},
    {errc::db_busy, "db_busy", "数据库忙，请稍后重试", "Database is busy, try again later"},
    {errc::db_schema_too_new, "db_schema_too_new", "数据库版本高于本程序，请升级程序",
     "Database schema is newer than this program; please upgrade"},
    {errc::not_initialised, "not_initialised", "尚未初始化", "Not initialised"},
    {errc::already_initialised, "already_initialised", "已经初始化过", "Already initialised"},
    {errc::enrolment_invalid, "enrolment_invalid", "注册文件无效", "Invalid enrolment file"},
    {errc::db_io_error, "db_io_error", "硬盘读写错误（不是数据库损坏）",
     "Disk read/write error (not a damaged database)"},
    {errc::disk_full, "disk_full", "硬盘已满", "Disk full"},
    {errc::saved_unconfirmed, "saved_unconfirmed", "记录已在本站数据库中，但硬盘未能确认已安全写入",
     "The record is in the station database, but the disk could not confirm it is safely written"},
    {errc::save_unknown, "save_unknown", "可能已保存（无法确认）",
     "May have been saved (could not be confirmed)"},
    {errc::unauthorized, "unauthorized", "未通过身份验证", "Unauthorized"},
    {errc::forbidden, "forbidden", "无权执行此操作", "Forbidden"},
    {errc::payload_too_large, "payload_too_large", "请求数据过大", "Payload too large"},
    {errc::header_too_large, "header_too_large", "请求头过大", "Request header too large"},
    {errc::unsupported_media_type, "unsupported_media_type", "不支持的内容类型", "Unsupported media type"},
    {errc::unsupported_encoding, "unsupported_encoding", "不支持的内容编码", "Unsupported content encoding"},
    {errc::bad_request, "bad_request", "请求无效", "Bad request"},
    {errc::too_many_requests, "too_many_requests", "请求过于频繁，请稍后重试",
     "Too many requests, try again later"},
    {errc::unavailable, "unavailable", "服务暂不可用", "Service unavailable"},
    {errc::op_conflict, "op_conflict", "操作编号冲突（内容不同）",
     "Operation id conflict (different content)"},
    {errc::entity_owned_by_other, "entity_owned_by_other", "该记录属于其他服务站",
     "The record belongs to another station"},
    {errc::batch_too_large, "batch_too_large", "批次过大", "Batch too large"},
    {errc::network_error, "network_error", "网络错误", "Network error"},
    {errc::tls_error, "tls_error", "TLS 安全连接错误", "TLS error"},
    {errc::timeout, "timeout", "操作超时", "Timed out"},
    {errc::server_error, "server_error", "服务器内部错误", "Internal server error"},
    {errc::io_error, "io_error", "文件读写错误", "I/O error"},
    {errc::station_too_old, "station_too_old", "站点程序版本过旧，请升级",
     "Station program too old; please upgrade"},
};

constexpr std::size_t k_count = std::size(k_codes);

constexpr std::array<errc, k_count> k_all = [] {
  std::array<errc, k_count> a{};
  for (std::size_t i = 0; i < k_count; ++i) a[i] = k_codes[i].code;
  return a;
}();

const code_info* find_info(errc e) noexcept {
  for (std::size_t i = 0; i < k_count; ++i)
    if (k_codes[i].code == e) return &k_codes[i];
  return nullptr;
}

class category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "cunzhan"; }
  std::string message(int ev) const override {
    return std::string(cunzhan::message(static_cast<errc>(ev), lang::en));
  }
};

}  // namespace

std::string_view code_name(errc e) noexcept {
  const code_info* i = find_info(e);
  return i ? i->name : std::string_view("server_error");
}

std::string_view message(errc e, lang l) noexcept {
  const code_info* i = find_info(e);
  if (!i) i = find_info(errc::server_error);
  return l == lang::zh ? i->zh : i->en;
}

errc code_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < k_count; ++i)
    if (k_codes[i].name == name) return k_codes[i].code;
  return errc::server_error;
}

const errc* all_codes(std::size_t& count) noexcept {
  count = k_all.size();
  return k_all.data();
}

const std::error_category& cunzhan_category() noexcept {
  static const category_impl cat;
  return cat;
}

}  // namespace cunzhan
