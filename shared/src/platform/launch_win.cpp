// Starting programs on Windows (see launch.hpp): CreateProcessW with the command line
// quoted as the C runtime parses it, ShellExecuteW for the browser. Every string crosses
// as UTF-16, so Chinese user names and paths survive whatever the ANSI code page is.
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <objbase.h>
#include <psapi.h>
#include <shellapi.h>

#include "cunzhan/platform/launch.hpp"
#include "win_text.hpp"

namespace cunzhan::platform {
namespace {

// System tools print UTF-16 (with a BOM) or the OEM code page (936 on a Chinese PC).
std::string decode_output(const std::string& raw) {
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFF &&
      static_cast<unsigned char>(raw[1]) == 0xFE) {
    return narrow(std::wstring_view(reinterpret_cast<const wchar_t*>(raw.data() + 2), (raw.size() - 2) / 2));
  }
  if (raw.empty()) return {};
  const int n = ::MultiByteToWideChar(CP_OEMCP, 0, raw.data(), static_cast<int>(raw.size()), nullptr, 0);
  std::wstring w(static_cast<std::size_t>(n), L'\0');
  ::MultiByteToWideChar(CP_OEMCP, 0, raw.data(), static_cast<int>(raw.size()), w.data(), n);
  return narrow(w);
}

// A bare tool name is taken from the system directory when it is there, never from the
// current directory (which CreateProcessW would search first).
std::wstring resolve(const std::string& program) {
  std::wstring p = widen(program);
  if (p.find_first_of(L"\\/") != std::wstring::npos) return p;
  wchar_t dir[MAX_PATH];
  const UINT n = ::GetSystemDirectoryW(dir, MAX_PATH);
  if (n > 0 && n < MAX_PATH) {
    std::wstring full = std::wstring(dir, n) + L"\\" + p;
    if (::GetFileAttributesW(full.c_str()) != INVALID_FILE_ATTRIBUTES) return full;
  }
  return p;
}

}  // namespace

result<run_output> run_program(const std::string& program, const std::vector<std::string>& args,
                               std::size_t max_output) {
  const std::wstring exe = resolve(program);
  std::wstring cmd = L"\"" + exe + L"\"";
  for (const auto& a : args) cmd += L" " + widen(quote_windows_arg(a));

  SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
  HANDLE rd = nullptr, wr = nullptr;
  if (!::CreatePipe(&rd, &wr, &sa, 0)) return error(errc::io_error, "pipe failed", "无法创建管道");
  ::SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
  HANDLE nul =
      ::CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, nullptr);
  STARTUPINFOW si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = nul;
  si.hStdOutput = wr;
  si.hStdError = wr;
  PROCESS_INFORMATION pi{};
  const BOOL started =
      ::CreateProcessW(nullptr, cmd.data(), nullptr, nullptr, TRUE,
                       CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT, nullptr, nullptr, &si, &pi);
  const DWORD start_error = ::GetLastError();
  ::CloseHandle(wr);
  if (nul != INVALID_HANDLE_VALUE) ::CloseHandle(nul);
  if (!started) {
    ::CloseHandle(rd);
    const std::string code = std::to_string(start_error);
    return error(errc::not_found, "cannot start " + program + " (Windows error " + code + ")",
                 "无法启动 " + program + "（Windows 错误 " + code + "）");
  }
  // Read while the program runs, until it has exited: not until the pipe's end of file,
  // which a process it started (Wine starts its services from schtasks) may hold open.
  std::string raw;
  auto drain = [&] {
    char buf[4096];
    DWORD avail = 0, got = 0;
    while (::PeekNamedPipe(rd, nullptr, 0, nullptr, &avail, nullptr) && avail > 0 &&
           ::ReadFile(rd, buf, std::min<DWORD>(avail, sizeof buf), &got, nullptr) && got > 0) {
      if (raw.size() < max_output) raw.append(buf, std::min<std::size_t>(got, max_output - raw.size()));
    }
  };
  for (bool exited = false; !exited;) {
    exited = ::WaitForSingleObject(pi.hProcess, 20) == WAIT_OBJECT_0;
    drain();
  }
  ::CloseHandle(rd);
  DWORD code = 1;
  ::GetExitCodeProcess(pi.hProcess, &code);
  ::CloseHandle(pi.hThread);
  ::CloseHandle(pi.hProcess);
  return run_output{static_cast<int>(code), decode_output(raw)};
}

status open_in_browser(const std::string& url) {
  // ShellExecute may hand the URL to a COM-based handler (the docs ask for this).
  const HRESULT co = ::CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
  const auto rc = reinterpret_cast<INT_PTR>(
      ::ShellExecuteW(nullptr, L"open", widen(url).c_str(), nullptr, nullptr, SW_SHOWNORMAL));
  if (SUCCEEDED(co)) ::CoUninitialize();
  if (rc <= 32) {
    return error(errc::not_found, "cannot open the browser; open " + url + " yourself",
                 "无法打开浏览器；请自己在浏览器中打开 " + url);
  }
  return ok_status();
}

result<std::filesystem::path> self_executable() {
  std::wstring buf(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = ::GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
    if (n == 0) return error(errc::io_error, "cannot find this program's path", "无法确定本程序的路径");
    if (n < buf.size()) {
      buf.resize(n);
      return std::filesystem::path(buf);  // wide: no code-page loss
    }
    buf.resize(buf.size() * 2);
  }
}

std::string user_name() {
  wchar_t buf[257];
  DWORD n = 257;
  if (::GetUserNameW(buf, &n) && n > 1) return narrow(std::wstring_view(buf, n - 1));
  return "station";
}

std::size_t peak_memory_bytes() {
  PROCESS_MEMORY_COUNTERS pmc{};
  pmc.cb = sizeof pmc;
  if (!::GetProcessMemoryInfo(::GetCurrentProcess(), &pmc, sizeof pmc)) return 0;
  return pmc.PeakWorkingSetSize;
}

}  // namespace cunzhan::platform
