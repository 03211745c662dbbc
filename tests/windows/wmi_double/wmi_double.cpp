#include "tests/windows/wmi_double/wmi_double.h"

#include <windows.h>
#include <wbemidl.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cwchar>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <thread>
#include <variant>
#include <vector>

#include "orchestration/backends/clusapi/win/cluster_connection_win.h"
#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/win32_error.h"
#include "tests/windows/beside_this_exe_win.h"

namespace cf::test {

namespace {

using clusapi::fromWide;
using clusapi::toWide;
using Value = std::variant<std::monostate, std::wstring, int32_t>;

const std::wstring kWindowsDirectory = L"C:\\Windows";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The lab as the other stand-ins see it, saved after every change.
sim::SimulatedBackend lab() {
  std::string state = environment("CLUSTERFORGE_DOUBLE_STATE");
  return sim::SimulatedBackend(sim::SimulatedBackend::loadLab(environment("CLUSTERFORGE_DOUBLE_LAB"), state), state,
                               std::chrono::milliseconds(0));
}

OperationContext context() { return OperationContext::forRequest(std::chrono::seconds(30)); }

struct NodeState {
  int refusedConnections = 0;
  int boots = 1;
};

struct DoubleState {
  std::mutex mutex;
  std::map<std::string, NodeState> nodes;
  std::map<DWORD, std::string> running;  // process id -> node
  int processesStarted = 0;
  int connectionsRefused = 0;
};

DoubleState& shared() {
  static DoubleState state;
  return state;
}

// What WmiSession never calls answers as a provider without that method does.
#define NOT_CALLED return E_NOTIMPL

// Reference counting and QueryInterface for one interface.
template <typename Interface, const IID& Iid>
class Unknown : public Interface {
 public:
  virtual ~Unknown() = default;
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (IsEqualIID(iid, IID_IUnknown) || IsEqualIID(iid, Iid)) {
      *out = static_cast<Interface*>(this);
      AddRef();
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++references_; }
  ULONG STDMETHODCALLTYPE Release() override {
    ULONG left = --references_;
    if (left == 0) delete this;
    return left;
  }

 private:
  std::atomic<ULONG> references_{1};
};

// A class, an instance or a method's parameters: named values, and for a
// class the in-parameters of its methods. What WmiSession calls is real; the
// rest of the interface answers E_NOTIMPL.
class Object : public Unknown<IWbemClassObject, IID_IWbemClassObject> {
 public:
  std::map<std::wstring, Value> values;
  std::map<std::wstring, std::vector<std::wstring>> methods;
  bool parameters = false;  // only the declared names may be Put

  HRESULT STDMETHODCALLTYPE Get(LPCWSTR name, LONG, VARIANT* out, CIMTYPE*, LONG*) override {
    auto it = values.find(name);
    if (it == values.end()) return WBEM_E_NOT_FOUND;
    VariantInit(out);
    if (auto text = std::get_if<std::wstring>(&it->second)) {
      out->vt = VT_BSTR;
      out->bstrVal = SysAllocString(text->c_str());
    } else if (auto number = std::get_if<int32_t>(&it->second)) {
      out->vt = VT_I4;
      out->lVal = *number;
    } else {
      out->vt = VT_NULL;
    }
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE Put(LPCWSTR name, LONG, VARIANT* value, CIMTYPE) override {
    if (parameters && !values.count(name)) return WBEM_E_NOT_FOUND;
    if (value->vt == VT_BSTR) {
      values[name] = std::wstring(value->bstrVal);
    } else if (value->vt == VT_I4) {
      values[name] = static_cast<int32_t>(value->lVal);
    } else {
      return WBEM_E_TYPE_MISMATCH;
    }
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE SpawnInstance(LONG, IWbemClassObject** out) override {
    auto instance = new Object;
    instance->parameters = parameters;
    for (const auto& [name, value] : values) instance->values[name] = std::monostate{};
    *out = instance;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetMethod(LPCWSTR name, LONG, IWbemClassObject** in, IWbemClassObject** out) override {
    auto it = methods.find(name);
    if (it == methods.end()) return WBEM_E_NOT_FOUND;
    auto signature = new Object;
    signature->parameters = true;
    for (const auto& parameter : it->second) signature->values[parameter] = std::monostate{};
    *in = signature;
    if (out) *out = nullptr;
    return S_OK;
  }

  HRESULT STDMETHODCALLTYPE GetQualifierSet(IWbemQualifierSet**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE Delete(LPCWSTR) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetNames(LPCWSTR, LONG, VARIANT*, SAFEARRAY**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE BeginEnumeration(LONG) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE Next(LONG, BSTR*, VARIANT*, CIMTYPE*, LONG*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE EndEnumeration() override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetPropertyQualifierSet(LPCWSTR, IWbemQualifierSet**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE Clone(IWbemClassObject**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetObjectText(LONG, BSTR*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE SpawnDerivedClass(LONG, IWbemClassObject**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE CompareTo(LONG, IWbemClassObject*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetPropertyOrigin(LPCWSTR, BSTR*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE InheritsFrom(LPCWSTR) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE PutMethod(LPCWSTR, LONG, IWbemClassObject*, IWbemClassObject*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE DeleteMethod(LPCWSTR) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE BeginMethodEnumeration(LONG) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE NextMethod(LONG, BSTR*, IWbemClassObject**, IWbemClassObject**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE EndMethodEnumeration() override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetMethodQualifierSet(LPCWSTR, IWbemQualifierSet**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetMethodOrigin(LPCWSTR, BSTR*) override { NOT_CALLED; }
};

// A query's answer: every query the stand-in knows has one row or none.
class Rows : public Unknown<IEnumWbemClassObject, IID_IEnumWbemClassObject> {
 public:
  explicit Rows(Object* row) : row_(row) {}
  ~Rows() override {
    if (row_) row_->Release();
  }
  HRESULT STDMETHODCALLTYPE Next(LONG, ULONG count, IWbemClassObject** out, ULONG* returned) override {
    *returned = 0;
    if (count > 0 && row_) {
      out[0] = row_;
      row_ = nullptr;
      *returned = 1;
    }
    return *returned == count ? WBEM_S_NO_ERROR : WBEM_S_FALSE;
  }
  HRESULT STDMETHODCALLTYPE Reset() override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE NextAsync(ULONG, IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE Clone(IEnumWbemClassObject**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE Skip(LONG, ULONG) override { NOT_CALLED; }

 private:
  Object* row_;
};

std::wstring replacedInsensitive(std::wstring text, const std::wstring& from, const std::wstring& to) {
  for (size_t at = 0; at + from.size() <= text.size();) {
    if (_wcsnicmp(text.c_str() + at, from.c_str(), from.size()) == 0) {
      text.replace(at, from.size(), to);
      at += to.size();
    } else {
      ++at;
    }
  }
  return text;
}

// This process's environment with CLUSTERFORGE_NODE added, as a block.
std::wstring environmentFor(const std::string& node) {
  std::wstring block;
  wchar_t* strings = GetEnvironmentStringsW();
  for (const wchar_t* p = strings; *p; p += wcslen(p) + 1) block += std::wstring(p) + L'\0';
  FreeEnvironmentStringsW(strings);
  return block + L"CLUSTERFORGE_NODE=" + toWide(node) + L'\0';
}

// One node's root\cimv2.
class Node : public Unknown<IWbemServices, IID_IWbemServices> {
 public:
  explicit Node(std::string name) : name_(std::move(name)) {}

  HRESULT STDMETHODCALLTYPE GetObject(BSTR path, LONG, IWbemContext*, IWbemClassObject** out,
                                      IWbemCallResult**) override {
    auto type = new Object;
    std::wstring name(path);
    if (name == L"Win32_Process") {
      type->methods[L"Create"] = {L"CommandLine", L"CurrentDirectory", L"ProcessStartupInformation"};
    } else if (name == L"Win32_OperatingSystem") {
      type->methods[L"Win32Shutdown"] = {L"Flags", L"Reserved"};
    } else {
      type->Release();
      return WBEM_E_NOT_FOUND;
    }
    *out = type;
    return S_OK;
  }

  HRESULT STDMETHODCALLTYPE ExecQuery(BSTR language, BSTR query, LONG, IWbemContext*,
                                      IEnumWbemClassObject** out) override {
    std::wsmatch match;
    std::wstring wql(query);
    Object* row = nullptr;
    if (std::wstring(language) != L"WQL") return WBEM_E_INVALID_QUERY_TYPE;
    if (std::regex_match(wql, std::wregex(LR"(SELECT .+ FROM Win32_OperatingSystem)"))) {
      row = operatingSystem();
    } else if (std::regex_match(wql, match,
                                std::wregex(LR"(SELECT ProcessId FROM Win32_Process WHERE ProcessId = (\d+))"))) {
      DWORD id = std::wcstoul(match[1].str().c_str(), nullptr, 10);
      std::lock_guard lock(shared().mutex);
      auto it = shared().running.find(id);
      if (it != shared().running.end() && it->second == name_) {
        auto process = new Object;
        process->values[L"ProcessId"] = static_cast<int32_t>(id);
        row = process;
      }
    } else {
      ADD_FAILURE() << "the WMI stand-in was asked a query it does not know: " << fromWide(wql);
      return WBEM_E_INVALID_QUERY;
    }
    *out = new Rows(row);
    return S_OK;
  }

  HRESULT STDMETHODCALLTYPE ExecMethod(BSTR path, BSTR method, LONG, IWbemContext*, IWbemClassObject* in,
                                       IWbemClassObject** out, IWbemCallResult**) override {
    std::wstring name(method);
    Object* result = nullptr;
    if (std::wstring(path) == L"Win32_Process" && name == L"Create") {
      VARIANT line;
      if (FAILED(in->Get(L"CommandLine", 0, &line, nullptr, nullptr)) || line.vt != VT_BSTR)
        return WBEM_E_INVALID_PARAMETER;
      std::wstring commandLine(line.bstrVal);
      VariantClear(&line);
      DWORD id = 0;
      result = new Object;
      result->values[L"ReturnValue"] = static_cast<int32_t>(start(commandLine, id));
      result->values[L"ProcessId"] = static_cast<int32_t>(id);
    } else if (std::wstring(path) == osPath() && name == L"Win32Shutdown") {
      VARIANT flags;
      if (FAILED(in->Get(L"Flags", 0, &flags, nullptr, nullptr)) || flags.vt != VT_I4) return WBEM_E_INVALID_PARAMETER;
      EXPECT_EQ(flags.lVal & 2, 2) << "ClusterForge only ever restarts a node, never shuts it down";
      restart();
      result = new Object;
      result->values[L"ReturnValue"] = 0;
    } else {
      return WBEM_E_INVALID_METHOD;
    }
    *out = result;
    return S_OK;
  }

  HRESULT STDMETHODCALLTYPE OpenNamespace(BSTR, LONG, IWbemContext*, IWbemServices**, IWbemCallResult**) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE CancelAsyncCall(IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE QueryObjectSink(LONG, IWbemObjectSink**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE GetObjectAsync(BSTR, LONG, IWbemContext*, IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE PutClass(IWbemClassObject*, LONG, IWbemContext*, IWbemCallResult**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE PutClassAsync(IWbemClassObject*, LONG, IWbemContext*, IWbemObjectSink*) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE DeleteClass(BSTR, LONG, IWbemContext*, IWbemCallResult**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE DeleteClassAsync(BSTR, LONG, IWbemContext*, IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE CreateClassEnum(BSTR, LONG, IWbemContext*, IEnumWbemClassObject**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE CreateClassEnumAsync(BSTR, LONG, IWbemContext*, IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE PutInstance(IWbemClassObject*, LONG, IWbemContext*, IWbemCallResult**) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE PutInstanceAsync(IWbemClassObject*, LONG, IWbemContext*, IWbemObjectSink*) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE DeleteInstance(BSTR, LONG, IWbemContext*, IWbemCallResult**) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE DeleteInstanceAsync(BSTR, LONG, IWbemContext*, IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE CreateInstanceEnum(BSTR, LONG, IWbemContext*, IEnumWbemClassObject**) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE CreateInstanceEnumAsync(BSTR, LONG, IWbemContext*, IWbemObjectSink*) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE ExecQueryAsync(BSTR, BSTR, LONG, IWbemContext*, IWbemObjectSink*) override { NOT_CALLED; }
  HRESULT STDMETHODCALLTYPE ExecNotificationQuery(BSTR, BSTR, LONG, IWbemContext*, IEnumWbemClassObject**) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE ExecNotificationQueryAsync(BSTR, BSTR, LONG, IWbemContext*, IWbemObjectSink*) override {
    NOT_CALLED;
  }
  HRESULT STDMETHODCALLTYPE ExecMethodAsync(BSTR, BSTR, LONG, IWbemContext*, IWbemClassObject*,
                                            IWbemObjectSink*) override {
    NOT_CALLED;
  }

 private:
  std::wstring osPath() const { return L"\\\\" + toWide(name_) + L"\\root\\cimv2:Win32_OperatingSystem=@"; }

  Object* operatingSystem() const {
    int boots = 0;
    {
      std::lock_guard lock(shared().mutex);
      boots = shared().nodes[name_].boots;
    }
    wchar_t bootTime[32];
    std::swprintf(bootTime, 32, L"20080101%02d%02d00.000000+000", boots / 60 % 24, boots % 60);
    auto os = new Object;
    os->values[L"Version"] = toWide(lab().getServer(name_, context()).os.version);
    os->values[L"WindowsDirectory"] = kWindowsDirectory;
    os->values[L"LastBootUpTime"] = std::wstring(bootTime);
    os->values[L"__PATH"] = osPath();
    return os;
  }

  // What the node's cmd.exe does with the one form of line it is given:
  // runs ServerManagerCmd, then writes its exit code where the line says.
  uint32_t start(const std::wstring& commandLine, DWORD& id) const {
    std::wsmatch parts;
    if (!std::regex_match(
            commandLine, parts,
            std::wregex(LR"re(cmd\.exe /v:on /s /c "ServerManagerCmd\.exe (.+) & echo !ERRORLEVEL!> "([^"]+)"")re"))) {
      ADD_FAILURE() << "the stand-in node runs only ServerManagerCmd under cmd.exe, not " << fromWide(commandLine);
      return 9;  // path not found
    }
    std::wstring share = L"\\\\" + toWide(name_) + L"\\ADMIN$";
    std::wstring program = L"\"" + besideThisExe(L"ServerManagerCmd.exe") + L"\" " +
                           replacedInsensitive(parts[1].str(), kWindowsDirectory, share);
    std::wstring exitFile = replacedInsensitive(parts[2].str(), kWindowsDirectory, share);
    std::wstring environmentBlock = environmentFor(name_);
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION process{};
    if (!CreateProcessW(nullptr, program.data(), nullptr, nullptr, FALSE, CREATE_UNICODE_ENVIRONMENT,
                        environmentBlock.data(), nullptr, &startup, &process)) {
      return 8;  // unknown failure
    }
    CloseHandle(process.hThread);
    id = process.dwProcessId;
    {
      std::lock_guard lock(shared().mutex);
      shared().running[id] = name_;
      ++shared().processesStarted;
    }
    std::thread([handle = process.hProcess, id, exitFile] {
      WaitForSingleObject(handle, INFINITE);
      DWORD code = 0;
      GetExitCodeProcess(handle, &code);
      CloseHandle(handle);
      std::ofstream(fromWide(exitFile), std::ios::binary) << code << " \r\n";
      std::lock_guard lock(shared().mutex);
      shared().running.erase(id);
    }).detach();
    return 0;
  }

  void restart() const {
    auto backend = lab();
    backend.restartServer(name_, context());
    std::lock_guard lock(shared().mutex);
    NodeState& node = shared().nodes[name_];
    node.refusedConnections = WmiDouble::kConnectionsRefusedWhileRestarting;
    ++node.boots;
  }

  std::string name_;
};

class Locator : public Unknown<IWbemLocator, IID_IWbemLocator> {
 public:
  HRESULT STDMETHODCALLTYPE ConnectServer(BSTR path, BSTR, BSTR, BSTR, LONG, BSTR, IWbemContext*,
                                          IWbemServices** out) override {
    std::wsmatch match;
    std::wstring text(path);
    if (!std::regex_match(text, match, std::wregex(LR"(\\\\([^\\]+)\\root\\cimv2)", std::regex::icase))) {
      return WBEM_E_INVALID_NAMESPACE;
    }
    std::string server = fromWide(match[1].str());
    const HRESULT unavailable = HRESULT_FROM_WIN32(win32::kRpcServerUnavailable);
    try {
      lab().getServer(server, context());
    } catch (const BackendFailure&) {
      return unavailable;
    }
    std::lock_guard lock(shared().mutex);
    NodeState& node = shared().nodes[server];
    if (node.refusedConnections > 0) {
      --node.refusedConnections;
      ++shared().connectionsRefused;
      return unavailable;
    }
    *out = new Node(server);
    return S_OK;
  }
};

class LocatorFactory : public Unknown<IClassFactory, IID_IClassFactory> {
 public:
  HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown* outer, REFIID iid, void** out) override {
    if (outer) return CLASS_E_NOAGGREGATION;
    auto locator = new Locator;
    HRESULT hr = locator->QueryInterface(iid, out);
    locator->Release();
    return hr;
  }
  HRESULT STDMETHODCALLTYPE LockServer(BOOL) override { return S_OK; }
};

}  // namespace

WmiDouble::WmiDouble() {
  HRESULT joined = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
  EXPECT_TRUE(SUCCEEDED(joined)) << std::hex << joined;
  auto factory = new LocatorFactory;
  HRESULT hr = CoRegisterClassObject(CLSID_WbemLocator, factory, CLSCTX_INPROC_SERVER, REGCLS_MULTIPLEUSE, &cookie_);
  factory->Release();
  EXPECT_EQ(hr, S_OK) << "COM did not take the WMI stand-in";
}

WmiDouble::~WmiDouble() {
  CoRevokeClassObject(cookie_);
  std::lock_guard lock(shared().mutex);
  shared().nodes.clear();
  shared().processesStarted = 0;
  shared().connectionsRefused = 0;
  CoUninitialize();
}

int WmiDouble::processesStarted() {
  std::lock_guard lock(shared().mutex);
  return shared().processesStarted;
}

int WmiDouble::connectionsRefused() {
  std::lock_guard lock(shared().mutex);
  return shared().connectionsRefused;
}

std::string WmiDouble::adminShare(const std::string& server) {
  std::string prefix = environment("WINEPREFIX");
  if (prefix.empty()) return "";
  std::string lower;
  for (char c : server) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string folder = "Z:" + prefix + "/dosdevices/unc/" + lower + "/admin$";
  std::string temp = folder + "/Temp/ClusterForge";
  for (std::string path : {"Z:" + prefix + "/dosdevices/unc", "Z:" + prefix + "/dosdevices/unc/" + lower, folder,
                           folder + "/Temp", temp}) {
    CreateDirectoryA(path.c_str(), nullptr);
  }
  WIN32_FIND_DATAA found;
  HANDLE search = FindFirstFileA((temp + "/*").c_str(), &found);
  if (search != INVALID_HANDLE_VALUE) {
    do {
      if (!(found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) DeleteFileA((temp + "/" + found.cFileName).c_str());
    } while (FindNextFileA(search, &found));
    FindClose(search);
  }
  return folder;
}

}  // namespace cf::test
