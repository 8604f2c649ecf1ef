// files.hpp on Windows: CreateFileW/WriteFile/FlushFileBuffers and the file's id.
#include <windows.h>

#include <sstream>

#include "cunzhan/platform/files.hpp"
#include "cunzhan/platform/path.hpp"
#include "win_text.hpp"

namespace cunzhan::platform {

status write_file_synced(const std::filesystem::path& file, std::string_view bytes) {
  // Under the user's own profile folder, so readable by that user only already.
  HANDLE h =
      CreateFileW(file.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  bool ok = h != INVALID_HANDLE_VALUE;
  DWORD written = 0;
  ok = ok && WriteFile(h, bytes.data(), static_cast<DWORD>(bytes.size()), &written, nullptr) &&
       written == bytes.size();
  ok = ok && FlushFileBuffers(h);
  const DWORD code = ok ? 0 : GetLastError();
  if (h != INVALID_HANDLE_VALUE) ok = CloseHandle(h) && ok;
  if (!ok) {
    const std::string why = win_error_text(code);
    return error(errc::io_error, "cannot write " + utf8(file) + ": " + why,
                 "无法写入 " + utf8(file) + "：" + why);
  }
  return ok_status();
}

std::optional<std::string> file_identity(const std::filesystem::path& file) {
  // No access rights asked: opening a live database this way takes and drops no lock.
  HANDLE h = CreateFileW(file.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return std::nullopt;
  BY_HANDLE_FILE_INFORMATION fi{};
  FILE_BASIC_INFO bi{};
  const bool ok =
      GetFileInformationByHandle(h, &fi) && GetFileInformationByHandleEx(h, FileBasicInfo, &bi, sizeof bi);
  CloseHandle(h);
  if (!ok) return std::nullopt;
  auto u64 = [](DWORD hi, DWORD lo) { return (static_cast<unsigned long long>(hi) << 32) | lo; };
  std::ostringstream o;
  o << fi.dwVolumeSerialNumber << ' ' << u64(fi.nFileIndexHigh, fi.nFileIndexLow) << ' '
    << u64(fi.nFileSizeHigh, fi.nFileSizeLow) << ' ' << bi.LastWriteTime.QuadPart << ' '
    << bi.ChangeTime.QuadPart;
  return o.str();
}

void restrict_to_owner(const std::filesystem::path&) {}

}  // namespace cunzhan::platform
