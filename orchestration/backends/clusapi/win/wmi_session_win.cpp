#include "orchestration/backends/clusapi/win/wmi_session_win.h"

#include <windows.h>
#include <wbemidl.h>

#include <cstdio>
#include <optional>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/model/os_capabilities.h"
#include "orchestration/model/win32_error.h"

namespace cf::clusapi {

namespace {

// An owned COM interface pointer.
template <typename T>
class ComRef {
 public:
  ComRef() = default;
  ComRef(const ComRef&) = delete;
  ComRef& operator=(const ComRef&) = delete;
  ComRef(ComRef&& other) noexcept : p_(other.p_) { other.p_ = nullptr; }
  ~ComRef() {
    if (p_) p_->Release();
  }
  T* operator->() const { return p_; }
  T* get() const { return p_; }
  T** out() { return &p_; }
  void reset() {
    if (p_) p_->Release();
    p_ = nullptr;
  }
  void** outVoid() { return reinterpret_cast<void**>(&p_); }

 private:
  T* p_ = nullptr;
};

class Bstr {
 public:
  explicit Bstr(const std::wstring& text) : b_(SysAllocStringLen(text.data(), static_cast<UINT>(text.size()))) {}
  Bstr(const Bstr&) = delete;
  Bstr& operator=(const Bstr&) = delete;
  ~Bstr() { SysFreeString(b_); }
  BSTR get() const { return b_; }

 private:
  BSTR b_;
};

class Variant {
 public:
  Variant() { VariantInit(&v_); }
  Variant(const Variant&) = delete;
  Variant& operator=(const Variant&) = delete;
  ~Variant() { VariantClear(&v_); }
  VARIANT* get() { return &v_; }
  const VARIANT& value() const { return v_; }

 private:
  VARIANT v_;
};

// The Win32 code an HRESULT carries: FACILITY_WIN32 ones hold it; WMI's own
// (0x8004xxxx) are named in the message.
uint32_t win32CodeOf(HRESULT hr) {
  if (HRESULT_FACILITY(hr) == FACILITY_WIN32) return HRESULT_CODE(hr);
  if (hr == static_cast<HRESULT>(WBEM_E_ACCESS_DENIED) || hr == E_ACCESSDENIED) return win32::kAccessDenied;
  if (hr == static_cast<HRESULT>(WBEM_E_TRANSPORT_FAILURE)) return win32::kRpcServerUnavailable;
  return win32::kGenFailure;
}

std::string hex(HRESULT hr) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(hr));
  return text;
}

[[noreturn]] void fail(HRESULT hr, const std::string& what) {
  throwWin32(win32CodeOf(hr), what + " (" + hex(hr) + ")");
}

void check(HRESULT hr, const std::string& what) {
  if (FAILED(hr)) fail(hr, what);
}

std::string text(const Variant& v) {
  return v.value().vt == VT_BSTR && v.value().bstrVal ? fromWide(v.value().bstrVal) : std::string();
}

// Win32_Process.Create's ReturnValue as a Win32 code.
uint32_t createResultCode(uint32_t value) {
  switch (value) {
    case 2: return win32::kAccessDenied;
    case 3: return 1314;  // ERROR_PRIVILEGE_NOT_HELD
    case 9: return win32::kPathNotFound;
    case 21: return win32::kInvalidParameter;
    default: return win32::kGenFailure;
  }
}

// Win32Shutdown on another server needs the caller's shutdown privileges
// enabled, as scripts ask with {(Shutdown, RemoteShutdown)}. A token without
// them is answered by the server (1314), not here.
void enableShutdownPrivileges() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token)) return;
  for (const wchar_t* name : {L"SeShutdownPrivilege", L"SeRemoteShutdownPrivilege"}) {
    TOKEN_PRIVILEGES p{};
    p.PrivilegeCount = 1;
    p.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    if (LookupPrivilegeValueW(nullptr, name, &p.Privileges[0].Luid)) {
      AdjustTokenPrivileges(token, FALSE, &p, 0, nullptr, nullptr);
    }
  }
  CloseHandle(token);
}

}  // namespace

struct WmiSession::State {
  std::string server;
  bool uninitialize = false;
  ComRef<IWbemServices> services;

  ~State() {
    services.reset();  // before COM is left
    if (uninitialize) CoUninitialize();
  }

  std::string where() const { return " on " + server; }

  ComRef<IEnumWbemClassObject> query(const std::wstring& wql) const {
    ComRef<IEnumWbemClassObject> rows;
    check(services->ExecQuery(Bstr(L"WQL").get(), Bstr(wql).get(),
                              WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, nullptr, rows.out()),
          "WMI query " + fromWide(wql) + where());
    return rows;
  }

  std::optional<ComRef<IWbemClassObject>> first(const std::wstring& wql) const {
    auto rows = query(wql);
    ComRef<IWbemClassObject> row;
    ULONG count = 0;
    check(rows->Next(static_cast<long>(WBEM_INFINITE), 1, row.out(), &count), "WMI query " + fromWide(wql) + where());
    if (count == 0) return std::nullopt;
    return row;
  }

  // The in-parameters of a method of `className`, ready to be filled.
  ComRef<IWbemClassObject> parameters(const wchar_t* className, const wchar_t* method) const {
    ComRef<IWbemClassObject> type, signature, instance;
    std::string what = std::string("WMI ") + fromWide(className) + "." + fromWide(method) + where();
    check(services->GetObject(Bstr(className).get(), 0, nullptr, type.out(), nullptr), what);
    check(type->GetMethod(method, 0, signature.out(), nullptr), what);
    check(signature->SpawnInstance(0, instance.out()), what);
    return instance;
  }

  uint32_t returnValue(IWbemClassObject* out, const std::string& what) const {
    Variant value;
    check(out->Get(L"ReturnValue", 0, value.get(), nullptr, nullptr), what);
    if (value.value().vt != VT_I4) throwWin32(win32::kInvalidData, what + " answered without a ReturnValue");
    return static_cast<uint32_t>(value.value().lVal);
  }
};

WmiSession::WmiSession(std::unique_ptr<State> state) : state_(std::move(state)) {}
WmiSession::WmiSession(WmiSession&&) noexcept = default;
WmiSession::~WmiSession() = default;

WmiSession WmiSession::connect(const std::string& server) {
  auto state = std::make_unique<State>();
  state->server = server;
  HRESULT joined = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
  if (FAILED(joined) && joined != RPC_E_CHANGED_MODE) fail(joined, "COM did not start");
  state->uninitialize = SUCCEEDED(joined);

  ComRef<IWbemLocator> locator;
  check(CoCreateInstance(CLSID_WbemLocator, nullptr, CLSCTX_INPROC_SERVER, IID_IWbemLocator, locator.outVoid()),
        "WMI is not available on this host");
  std::wstring path = L"\\\\" + toWide(server) + L"\\root\\cimv2";
  HRESULT hr =
      locator->ConnectServer(Bstr(path).get(), nullptr, nullptr, nullptr, 0, nullptr, nullptr, state->services.out());
  if (FAILED(hr)) {
    uint32_t code = win32CodeOf(hr);
    std::string message = "cannot reach " + server + " through WMI (" + hex(hr) + ")";
    if (code == win32::kRpcServerUnavailable) message += "; " + remoteAdministrationHint(server);
    throwWin32(code, message);
  }
  // A remote proxy takes the caller's identity for the node; an object in this
  // process (a test's stand-in) is no proxy and has no blanket to set.
  hr = CoSetProxyBlanket(state->services.get(), RPC_C_AUTHN_DEFAULT, RPC_C_AUTHZ_DEFAULT, COLE_DEFAULT_PRINCIPAL,
                         RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
  if (FAILED(hr) && hr != E_NOINTERFACE) fail(hr, "cannot set the WMI call security for " + server);
  return WmiSession(std::move(state));
}

WmiOperatingSystem WmiSession::operatingSystem() const {
  auto os = state_->first(L"SELECT Version, WindowsDirectory, LastBootUpTime FROM Win32_OperatingSystem");
  if (!os) throwWin32(win32::kInvalidData, "WMI on " + state_->server + " lists no operating system");
  WmiOperatingSystem answer;
  for (auto [name, field] :
       {std::pair{L"Version", &answer.version}, std::pair{L"WindowsDirectory", &answer.windowsDirectory},
        std::pair{L"LastBootUpTime", &answer.lastBootUpTime}}) {
    Variant value;
    check((*os)->Get(name, 0, value.get(), nullptr, nullptr), "WMI Win32_OperatingSystem" + state_->where());
    *field = text(value);
  }
  if (answer.windowsDirectory.empty()) {
    throwWin32(win32::kInvalidData, "WMI on " + state_->server + " names no Windows directory");
  }
  return answer;
}

uint32_t WmiSession::startProcess(const std::string& commandLine) const {
  std::string what = "WMI Win32_Process.Create" + state_->where();
  auto in = state_->parameters(L"Win32_Process", L"Create");
  Variant line;
  line.get()->vt = VT_BSTR;
  line.get()->bstrVal = SysAllocString(toWide(commandLine).c_str());
  check(in->Put(L"CommandLine", 0, line.get(), 0), what);
  ComRef<IWbemClassObject> out;
  check(state_->services->ExecMethod(Bstr(L"Win32_Process").get(), Bstr(L"Create").get(), 0, nullptr, in.get(),
                                     out.out(), nullptr),
        what);
  if (uint32_t result = state_->returnValue(out.get(), what); result != 0) {
    throwWin32(createResultCode(result),
               what + " could not start " + commandLine + " (ReturnValue " + std::to_string(result) + ")");
  }
  Variant id;
  check(out->Get(L"ProcessId", 0, id.get(), nullptr, nullptr), what);
  if (id.value().vt != VT_I4) throwWin32(win32::kInvalidData, what + " answered without a ProcessId");
  return static_cast<uint32_t>(id.value().lVal);
}

bool WmiSession::processRunning(uint32_t processId) const {
  return state_->first(L"SELECT ProcessId FROM Win32_Process WHERE ProcessId = " + std::to_wstring(processId))
      .has_value();
}

void WmiSession::restart() const {
  std::string what = "WMI Win32_OperatingSystem.Win32Shutdown" + state_->where();
  auto os = state_->first(L"SELECT * FROM Win32_OperatingSystem");
  if (!os) throwWin32(win32::kInvalidData, "WMI on " + state_->server + " lists no operating system");
  Variant path;
  check((*os)->Get(L"__PATH", 0, path.get(), nullptr, nullptr), what);
  auto in = state_->parameters(L"Win32_OperatingSystem", L"Win32Shutdown");
  Variant flags;
  flags.get()->vt = VT_I4;
  flags.get()->lVal = 2 | 4;  // reboot, forced: the node is not yet in a cluster
  check(in->Put(L"Flags", 0, flags.get(), 0), what);
  enableShutdownPrivileges();
  ComRef<IWbemClassObject> out;
  check(state_->services->ExecMethod(Bstr(toWide(text(path))).get(), Bstr(L"Win32Shutdown").get(), 0, nullptr, in.get(),
                                     out.out(), nullptr),
        what);
  if (uint32_t result = state_->returnValue(out.get(), what); result != 0) {
    throwWin32(result, what + " was refused");
  }
}

}  // namespace cf::clusapi
