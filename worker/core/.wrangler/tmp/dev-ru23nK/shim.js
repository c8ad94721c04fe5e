var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// ../../build/core/shim.mjs
import { WorkerEntrypoint } from "cloudflare:workers";

// ../../build/core/snippets/worker-64cc4b2d035528c7/inline0.js
var state = globalThis.__worker_init_state = { criticalError: false, instanceId: 0 };

// ../../build/core/index.js
import wasmModule from "./e159a9b233560ef5df2583637cae7389bbdb96d0-index_bg.wasm";
var AuditLog = class {
  static {
    __name(this, "AuditLog");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    AuditLogFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_auditlog_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {Promise<any>}
   */
  alarm() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_alarm(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {any} socket
   * @returns {Promise<any>}
   */
  connect(socket) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_connect(this.__wbg_ptr, socket);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {Request} req
   * @returns {Promise<any>}
   */
  fetch(req) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_fetch(this.__wbg_ptr, req);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {any} state
   * @param {any} env
   */
  constructor(state2, env) {
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_new(state2, env);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    this.__wbg_ptr = ret;
    Object.defineProperty(this, "__wbg_inst", { value: __wbg_instance_id, writable: true });
    AuditLogFinalization.register(this, { ptr: ret, instance: __wbg_instance_id }, this);
    return this;
  }
  /**
   * @param {WebSocket} ws
   * @param {number} code
   * @param {string} reason
   * @param {boolean} was_clean
   * @returns {Promise<any>}
   */
  webSocketClose(ws, code, reason, was_clean) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const val2 = +code;
    const val3 = +was_clean;
    const ptr0 = passStringToWasm0(reason, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_webSocketClose(this.__wbg_ptr, ws, val2, ptr0, len0, val3);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {WebSocket} ws
   * @param {any} error
   * @returns {Promise<any>}
   */
  webSocketError(ws, error) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_webSocketError(this.__wbg_ptr, ws, error);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {WebSocket} ws
   * @param {any} message
   * @returns {Promise<any>}
   */
  webSocketMessage(ws, message) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.auditlog_webSocketMessage(this.__wbg_ptr, ws, message);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
};
if (Symbol.dispose) AuditLog.prototype[Symbol.dispose] = AuditLog.prototype.free;
var CaseObject = class {
  static {
    __name(this, "CaseObject");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    CaseObjectFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_caseobject_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {Promise<any>}
   */
  alarm() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_alarm(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {any} socket
   * @returns {Promise<any>}
   */
  connect(socket) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_connect(this.__wbg_ptr, socket);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {Request} req
   * @returns {Promise<any>}
   */
  fetch(req) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_fetch(this.__wbg_ptr, req);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {any} state
   * @param {any} env
   */
  constructor(state2, env) {
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_new(state2, env);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    this.__wbg_ptr = ret;
    Object.defineProperty(this, "__wbg_inst", { value: __wbg_instance_id, writable: true });
    CaseObjectFinalization.register(this, { ptr: ret, instance: __wbg_instance_id }, this);
    return this;
  }
  /**
   * @param {WebSocket} ws
   * @param {number} code
   * @param {string} reason
   * @param {boolean} was_clean
   * @returns {Promise<any>}
   */
  webSocketClose(ws, code, reason, was_clean) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const val2 = +code;
    const val3 = +was_clean;
    const ptr0 = passStringToWasm0(reason, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
    const len0 = WASM_VECTOR_LEN;
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_webSocketClose(this.__wbg_ptr, ws, val2, ptr0, len0, val3);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {WebSocket} ws
   * @param {any} error
   * @returns {Promise<any>}
   */
  webSocketError(ws, error) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_webSocketError(this.__wbg_ptr, ws, error);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {WebSocket} ws
   * @param {any} message
   * @returns {Promise<any>}
   */
  webSocketMessage(ws, message) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.caseobject_webSocketMessage(this.__wbg_ptr, ws, message);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
};
if (Symbol.dispose) CaseObject.prototype[Symbol.dispose] = CaseObject.prototype.free;
var ContainerStartupOptions = class {
  static {
    __name(this, "ContainerStartupOptions");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    ContainerStartupOptionsFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_containerstartupoptions_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {boolean | undefined}
   */
  get enableInternet() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_containerstartupoptions_enableInternet(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret === 16777215 ? void 0 : ret !== 0;
  }
  /**
   * @returns {string[]}
   */
  get entrypoint() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_containerstartupoptions_entrypoint(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free_command_export(ret[0], ret[1] * 4, 4);
    return v1;
  }
  /**
   * @returns {Map<any, any>}
   */
  get env() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_containerstartupoptions_env(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {boolean | null} [arg0]
   */
  set enableInternet(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_containerstartupoptions_enableInternet(this.__wbg_ptr, isLikeNone(arg0) ? 16777215 : arg0 ? 1 : 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {string[]} arg0
   */
  set entrypoint(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const ptr0 = passArrayJsValueToWasm0(arg0, wasm.__wbindgen_malloc_command_export);
    const len0 = WASM_VECTOR_LEN;
    __wbg_call_guard();
    try {
      wasm.__wbg_set_containerstartupoptions_entrypoint(this.__wbg_ptr, ptr0, len0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {Map<any, any>} arg0
   */
  set env(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_containerstartupoptions_env(this.__wbg_ptr, arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
};
if (Symbol.dispose) ContainerStartupOptions.prototype[Symbol.dispose] = ContainerStartupOptions.prototype.free;
var IntoUnderlyingByteSource = class {
  static {
    __name(this, "IntoUnderlyingByteSource");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    IntoUnderlyingByteSourceFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_intounderlyingbytesource_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {number}
   */
  get autoAllocateChunkSize() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingbytesource_autoAllocateChunkSize(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret >>> 0;
  }
  cancel() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.intounderlyingbytesource_cancel(ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {ReadableByteStreamController} controller
   * @returns {Promise<any>}
   */
  pull(controller) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingbytesource_pull(this.__wbg_ptr, controller);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {ReadableByteStreamController} controller
   */
  start(controller) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.intounderlyingbytesource_start(this.__wbg_ptr, controller);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {ReadableStreamType}
   */
  get type() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingbytesource_type(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return __wbindgen_enum_ReadableStreamType[ret];
  }
};
if (Symbol.dispose) IntoUnderlyingByteSource.prototype[Symbol.dispose] = IntoUnderlyingByteSource.prototype.free;
var IntoUnderlyingSink = class {
  static {
    __name(this, "IntoUnderlyingSink");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    IntoUnderlyingSinkFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_intounderlyingsink_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {any} reason
   * @returns {Promise<any>}
   */
  abort(reason) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const ptr = this.__destroy_into_raw();
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingsink_abort(ptr, reason);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @returns {Promise<any>}
   */
  close() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const ptr = this.__destroy_into_raw();
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingsink_close(ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
  /**
   * @param {any} chunk
   * @returns {Promise<any>}
   */
  write(chunk) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingsink_write(this.__wbg_ptr, chunk);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
};
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;
var IntoUnderlyingSource = class {
  static {
    __name(this, "IntoUnderlyingSource");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    IntoUnderlyingSourceFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_intounderlyingsource_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  cancel() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.intounderlyingsource_cancel(ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {ReadableStreamDefaultController} controller
   * @returns {Promise<any>}
   */
  pull(controller) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.intounderlyingsource_pull(this.__wbg_ptr, controller);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret;
  }
};
if (Symbol.dispose) IntoUnderlyingSource.prototype[Symbol.dispose] = IntoUnderlyingSource.prototype.free;
var MinifyConfig = class _MinifyConfig {
  static {
    __name(this, "MinifyConfig");
  }
  static __wrap(ptr) {
    const obj = Object.create(_MinifyConfig.prototype);
    obj.__wbg_ptr = ptr;
    Object.defineProperty(obj, "__wbg_inst", { value: __wbg_instance_id, writable: true });
    MinifyConfigFinalization.register(obj, { ptr, instance: __wbg_instance_id }, obj);
    return obj;
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    MinifyConfigFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_minifyconfig_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {boolean}
   */
  get css() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_minifyconfig_css(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret !== 0;
  }
  /**
   * @returns {boolean}
   */
  get html() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_minifyconfig_html(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret !== 0;
  }
  /**
   * @returns {boolean}
   */
  get js() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_minifyconfig_js(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret !== 0;
  }
  /**
   * @param {boolean} arg0
   */
  set css(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_minifyconfig_css(this.__wbg_ptr, arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {boolean} arg0
   */
  set html(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_minifyconfig_html(this.__wbg_ptr, arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {boolean} arg0
   */
  set js(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_minifyconfig_js(this.__wbg_ptr, arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
};
if (Symbol.dispose) MinifyConfig.prototype[Symbol.dispose] = MinifyConfig.prototype.free;
var R2Range = class {
  static {
    __name(this, "R2Range");
  }
  __destroy_into_raw() {
    const ptr = this.__wbg_ptr;
    this.__wbg_ptr = 0;
    R2RangeFinalization.unregister(this);
    return ptr;
  }
  free() {
    const ptr = this.__destroy_into_raw();
    __wbg_call_guard();
    try {
      wasm.__wbg_r2range_free(ptr, 0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @returns {number | undefined}
   */
  get length() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_r2range_length(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret[0] === 0 ? void 0 : ret[1];
  }
  /**
   * @returns {number | undefined}
   */
  get offset() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_r2range_offset(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret[0] === 0 ? void 0 : ret[1];
  }
  /**
   * @returns {number | undefined}
   */
  get suffix() {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    let ret;
    __wbg_call_guard();
    try {
      ret = wasm.__wbg_get_r2range_suffix(this.__wbg_ptr);
    } catch (e) {
      __wbg_handle_catch(e);
    }
    return ret[0] === 0 ? void 0 : ret[1];
  }
  /**
   * @param {number | null} [arg0]
   */
  set length(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_r2range_length(this.__wbg_ptr, !isLikeNone(arg0), isLikeNone(arg0) ? 0 : arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {number | null} [arg0]
   */
  set offset(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_r2range_offset(this.__wbg_ptr, !isLikeNone(arg0), isLikeNone(arg0) ? 0 : arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
  /**
   * @param {number | null} [arg0]
   */
  set suffix(arg0) {
    if (this.__wbg_inst !== void 0 && this.__wbg_inst !== __wbg_instance_id) {
      throw new Error("Invalid stale object from previous Wasm instance");
    }
    __wbg_call_guard();
    try {
      wasm.__wbg_set_r2range_suffix(this.__wbg_ptr, !isLikeNone(arg0), isLikeNone(arg0) ? 0 : arg0);
    } catch (e) {
      __wbg_handle_catch(e);
    }
  }
};
if (Symbol.dispose) R2Range.prototype[Symbol.dispose] = R2Range.prototype.free;
function __wbg_reset_state() {
  __wbg_instance_id++;
  cachedDataViewMemory0 = null;
  cachedInt32ArrayMemory0 = null;
  cachedUint8ArrayMemory0 = null;
  if (typeof numBytesDecoded !== "undefined") numBytesDecoded = 0;
  if (typeof WASM_VECTOR_LEN !== "undefined") WASM_VECTOR_LEN = 0;
  __wbg_called_abort = false;
  __wbg_reinit_scheduled = false;
  wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
  wasm = wasmInstance.exports;
  wasm.__wbindgen_start();
}
__name(__wbg_reset_state, "__wbg_reset_state");
function __worker_init_state() {
  let ret;
  __wbg_call_guard();
  try {
    ret = wasm.__worker_init_state();
  } catch (e) {
    __wbg_handle_catch(e);
  }
  return ret;
}
__name(__worker_init_state, "__worker_init_state");
function fetch(req, env, ctx) {
  let ret;
  __wbg_call_guard();
  try {
    ret = wasm.fetch(req, env, ctx);
  } catch (e) {
    __wbg_handle_catch(e);
  }
  return ret;
}
__name(fetch, "fetch");
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg_Error_208446807d0d1e30: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_Error_208446807d0d1e30"),
    __wbg_Number_ff192a72a0dcdf6d: /* @__PURE__ */ __name(function(arg0) {
      const ret = Number(arg0);
      return ret;
    }, "__wbg_Number_ff192a72a0dcdf6d"),
    __wbg_String_8564e559799eccda: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = String(arg1);
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg_String_8564e559799eccda"),
    __wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef: /* @__PURE__ */ __name(function(arg0, arg1) {
      const v = arg1;
      const ret = typeof v === "bigint" ? v : void 0;
      getDataViewMemory0().setBigInt64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? BigInt(0) : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    }, "__wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef"),
    __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: /* @__PURE__ */ __name(function(arg0) {
      const v = arg0;
      const ret = typeof v === "boolean" ? v : void 0;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    }, "__wbg___wbindgen_boolean_get_4f1baf9a00be3c74"),
    __wbg___wbindgen_debug_string_f249a2a76caa9a55: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = debugString(arg1);
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg___wbindgen_debug_string_f249a2a76caa9a55"),
    __wbg___wbindgen_in_3f58a9d3b3a7eed2: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0 in arg1;
      return ret;
    }, "__wbg___wbindgen_in_3f58a9d3b3a7eed2"),
    __wbg___wbindgen_is_bigint_5fa10641e039d3ef: /* @__PURE__ */ __name(function(arg0) {
      const ret = typeof arg0 === "bigint";
      return ret;
    }, "__wbg___wbindgen_is_bigint_5fa10641e039d3ef"),
    __wbg___wbindgen_is_function_741ff2bb612836f5: /* @__PURE__ */ __name(function(arg0) {
      const ret = typeof arg0 === "function";
      return ret;
    }, "__wbg___wbindgen_is_function_741ff2bb612836f5"),
    __wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0 == null;
      return ret;
    }, "__wbg___wbindgen_is_null_or_undefined_fb96af93c75460ae"),
    __wbg___wbindgen_is_object_8b968c3ab8e96595: /* @__PURE__ */ __name(function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    }, "__wbg___wbindgen_is_object_8b968c3ab8e96595"),
    __wbg___wbindgen_is_string_fc456fee5d3317de: /* @__PURE__ */ __name(function(arg0) {
      const ret = typeof arg0 === "string";
      return ret;
    }, "__wbg___wbindgen_is_string_fc456fee5d3317de"),
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    }, "__wbg___wbindgen_is_undefined_be5b34249ff1fc15"),
    __wbg___wbindgen_jsval_eq_38d7bfbe4cc84039: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0 === arg1;
      return ret;
    }, "__wbg___wbindgen_jsval_eq_38d7bfbe4cc84039"),
    __wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0 == arg1;
      return ret;
    }, "__wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36"),
    __wbg___wbindgen_number_get_934b640d0889af78: /* @__PURE__ */ __name(function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "number" ? obj : void 0;
      getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    }, "__wbg___wbindgen_number_get_934b640d0889af78"),
    __wbg___wbindgen_reinit_2fe0d0b9c1cc3c21: /* @__PURE__ */ __name(function() {
      __wbg_reinit_scheduled = true;
    }, "__wbg___wbindgen_reinit_2fe0d0b9c1cc3c21"),
    __wbg___wbindgen_string_get_7ce8eee7fd327545: /* @__PURE__ */ __name(function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg___wbindgen_string_get_7ce8eee7fd327545"),
    __wbg___wbindgen_throw_4c88d8bf264fd984: /* @__PURE__ */ __name(function(arg0, arg1) {
      throw new WebAssembly.Exception(__wbindgen_wrapped_jstag, [new Error(getStringFromWasm0(arg0, arg1))]);
    }, "__wbg___wbindgen_throw_4c88d8bf264fd984"),
    __wbg__wbg_cb_unref_09736879a3f67559: /* @__PURE__ */ __name(function(arg0) {
      arg0._wbg_cb_unref();
    }, "__wbg__wbg_cb_unref_09736879a3f67559"),
    __wbg_acceptWebSocket_6893ac0c64b53fb0: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.acceptWebSocket(arg1);
    }, "__wbg_acceptWebSocket_6893ac0c64b53fb0"),
    __wbg_all_d28c206485f72134: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.all();
      return ret;
    }, "__wbg_all_d28c206485f72134"),
    __wbg_arrayBuffer_39a766224696fd9d: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.arrayBuffer();
      return ret;
    }, "__wbg_arrayBuffer_39a766224696fd9d"),
    __wbg_bind_0bf8b02f8e144a7d: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.bind(...arg1);
      return ret;
    }, "__wbg_bind_0bf8b02f8e144a7d"),
    __wbg_body_0da01a9a056907d8: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.body;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_body_0da01a9a056907d8"),
    __wbg_buffer_aca05a93c046db1a: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.buffer;
      return ret;
    }, "__wbg_buffer_aca05a93c046db1a"),
    __wbg_byobRequest_18280c78e462544c: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.byobRequest;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_byobRequest_18280c78e462544c"),
    __wbg_byteLength_c5f3c188d5252e5b: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.byteLength;
      return ret;
    }, "__wbg_byteLength_c5f3c188d5252e5b"),
    __wbg_byteOffset_63cdc7b38f33a45e: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.byteOffset;
      return ret;
    }, "__wbg_byteOffset_63cdc7b38f33a45e"),
    __wbg_call_40b008ba32f73991: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.call(arg1);
      return ret;
    }, "__wbg_call_40b008ba32f73991"),
    __wbg_call_a410eb4b59ed5965: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.call(arg1, arg2);
      return ret;
    }, "__wbg_call_a410eb4b59ed5965"),
    __wbg_cancel_b195250778e9d8e7: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.cancel();
      return ret;
    }, "__wbg_cancel_b195250778e9d8e7"),
    __wbg_catch_fd4c7ea14fde9d83: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.catch(arg1);
      return ret;
    }, "__wbg_catch_fd4c7ea14fde9d83"),
    __wbg_cause_4cdda1b55a30b227: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.cause;
      return ret;
    }, "__wbg_cause_4cdda1b55a30b227"),
    __wbg_cf_3eef96d446a499c0: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.cf;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_cf_3eef96d446a499c0"),
    __wbg_cf_e4bf1d08e9961dec: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.cf;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_cf_e4bf1d08e9961dec"),
    __wbg_close_294d3f727cb7a844: /* @__PURE__ */ __name(function(arg0) {
      arg0.close();
    }, "__wbg_close_294d3f727cb7a844"),
    __wbg_close_bf94aa7e38b9a94b: /* @__PURE__ */ __name(function(arg0) {
      arg0.close();
    }, "__wbg_close_bf94aa7e38b9a94b"),
    __wbg_constructor_76ad3e2c50d259de: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.constructor;
      return ret;
    }, "__wbg_constructor_76ad3e2c50d259de"),
    __wbg_debug_29e5044b8c3730bb: /* @__PURE__ */ __name(function(arg0) {
      console.debug(arg0);
    }, "__wbg_debug_29e5044b8c3730bb"),
    __wbg_done_57e08d0be6e30c02: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.done;
      return ret;
    }, "__wbg_done_57e08d0be6e30c02"),
    __wbg_enqueue_c11626eae1c54509: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.enqueue(arg1);
    }, "__wbg_enqueue_c11626eae1c54509"),
    __wbg_entries_7bb1459bd9b5c2b9: /* @__PURE__ */ __name(function(arg0) {
      const ret = Object.entries(arg0);
      return ret;
    }, "__wbg_entries_7bb1459bd9b5c2b9"),
    __wbg_error_9b95f63d905893d2: /* @__PURE__ */ __name(function(arg0, arg1) {
      console.error(arg0, arg1);
    }, "__wbg_error_9b95f63d905893d2"),
    __wbg_error_d1fc0193610e0e39: /* @__PURE__ */ __name(function(arg0) {
      console.error(arg0);
    }, "__wbg_error_d1fc0193610e0e39"),
    __wbg_exec_85b624bc72d8a6f2: /* @__PURE__ */ __name(function(arg0, arg1, arg2, arg3) {
      const ret = arg0.exec(getStringFromWasm0(arg1, arg2), ...arg3);
      return ret;
    }, "__wbg_exec_85b624bc72d8a6f2"),
    __wbg_fetch_0c15fd1aa74dfb4e: /* @__PURE__ */ __name(function(arg0, arg1, arg2, arg3) {
      const ret = arg0.fetch(getStringFromWasm0(arg1, arg2), arg3);
      return ret;
    }, "__wbg_fetch_0c15fd1aa74dfb4e"),
    __wbg_fetch_2350c0d8af7f9fc2: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.fetch(getStringFromWasm0(arg1, arg2));
      return ret;
    }, "__wbg_fetch_2350c0d8af7f9fc2"),
    __wbg_fetch_58e62838507dad34: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.fetch(arg1);
      return ret;
    }, "__wbg_fetch_58e62838507dad34"),
    __wbg_fetch_6cdf7c76b04ad3b1: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.fetch(getStringFromWasm0(arg1, arg2));
      return ret;
    }, "__wbg_fetch_6cdf7c76b04ad3b1"),
    __wbg_fetch_8991a6a8ea67c83b: /* @__PURE__ */ __name(function(arg0, arg1, arg2, arg3) {
      const ret = arg0.fetch(getStringFromWasm0(arg1, arg2), arg3);
      return ret;
    }, "__wbg_fetch_8991a6a8ea67c83b"),
    __wbg_fetch_a416b432a33cc077: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.fetch(arg1, arg2);
      return ret;
    }, "__wbg_fetch_a416b432a33cc077"),
    __wbg_getReader_3b3096cf504fce5e: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.getReader();
      return ret;
    }, "__wbg_getReader_3b3096cf504fce5e"),
    __wbg_getTime_edc91481cbc4cd78: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.getTime();
      return ret;
    }, "__wbg_getTime_edc91481cbc4cd78"),
    __wbg_getWebSockets_557696c97fc4ec99: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg1.getWebSockets();
      const ptr1 = passArrayJsValueToWasm0(ret, wasm.__wbindgen_malloc_command_export);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg_getWebSockets_557696c97fc4ec99"),
    __wbg_get_0ae635d02d232017: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Reflect.get(arg0, arg1);
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_get_0ae635d02d232017"),
    __wbg_get_2080c49015e35254: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Reflect.get(arg0, arg1);
      return ret;
    }, "__wbg_get_2080c49015e35254"),
    __wbg_get_4d87e704eb410caa: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.get(arg1);
      return ret;
    }, "__wbg_get_4d87e704eb410caa"),
    __wbg_get_556f1c9a5c587e8c: /* @__PURE__ */ __name(function(arg0, arg1, arg2, arg3) {
      const ret = arg1.get(getStringFromWasm0(arg2, arg3));
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg_get_556f1c9a5c587e8c"),
    __wbg_get_635eea311fa1a291: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Reflect.get(arg0, arg1);
      return ret;
    }, "__wbg_get_635eea311fa1a291"),
    __wbg_get_bb8b6b35041e00c9: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = Reflect.get(arg0, arg1 >>> 0);
      return ret;
    }, "__wbg_get_bb8b6b35041e00c9"),
    __wbg_get_d50e09af39626749: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.get(getStringFromWasm0(arg1, arg2));
      return ret;
    }, "__wbg_get_d50e09af39626749"),
    __wbg_get_d7176cfb76d71114: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    }, "__wbg_get_d7176cfb76d71114"),
    __wbg_get_done_3bf2b4a34e149301: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.done;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    }, "__wbg_get_done_3bf2b4a34e149301"),
    __wbg_get_unchecked_e6325ad374eff861: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    }, "__wbg_get_unchecked_e6325ad374eff861"),
    __wbg_get_value_9454480da7066d61: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.value;
      return ret;
    }, "__wbg_get_value_9454480da7066d61"),
    __wbg_get_with_ref_key_fc601247060b7204: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0[arg1];
      return ret;
    }, "__wbg_get_with_ref_key_fc601247060b7204"),
    __wbg_headers_5fc0106c076eb731: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.headers;
      return ret;
    }, "__wbg_headers_5fc0106c076eb731"),
    __wbg_headers_9ef80dd266706f48: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.headers;
      return ret;
    }, "__wbg_headers_9ef80dd266706f48"),
    __wbg_idFromName_8e1943d73c953e77: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.idFromName(getStringFromWasm0(arg1, arg2));
      return ret;
    }, "__wbg_idFromName_8e1943d73c953e77"),
    __wbg_instanceId_65a51bedfd10160a: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.instanceId;
      return ret;
    }, "__wbg_instanceId_65a51bedfd10160a"),
    __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof ArrayBuffer;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_ArrayBuffer_12cdaa4161423e6b"),
    __wbg_instanceof_Error_74e3cca0c4a69161: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Error;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Error_74e3cca0c4a69161"),
    __wbg_instanceof_Map_0b4fc8b62e73f163: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Map;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Map_0b4fc8b62e73f163"),
    __wbg_instanceof_ReadableStream_ac28304925ec0f96: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof ReadableStream;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_ReadableStream_ac28304925ec0f96"),
    __wbg_instanceof_Response_5b0b4f7f1daeae51: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Response;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Response_5b0b4f7f1daeae51"),
    __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: /* @__PURE__ */ __name(function(arg0) {
      let result;
      try {
        result = arg0 instanceof Uint8Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    }, "__wbg_instanceof_Uint8Array_d7aeb0dcb3108fea"),
    __wbg_isArray_bcf1376d0d732d08: /* @__PURE__ */ __name(function(arg0) {
      const ret = Array.isArray(arg0);
      return ret;
    }, "__wbg_isArray_bcf1376d0d732d08"),
    __wbg_isSafeInteger_1a35ba4d31e71d38: /* @__PURE__ */ __name(function(arg0) {
      const ret = Number.isSafeInteger(arg0);
      return ret;
    }, "__wbg_isSafeInteger_1a35ba4d31e71d38"),
    __wbg_iterator_e4c5e8f68ada7b58: /* @__PURE__ */ __name(function() {
      const ret = Symbol.iterator;
      return ret;
    }, "__wbg_iterator_e4c5e8f68ada7b58"),
    __wbg_json_69a74e9055460dab: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.json();
      return ret;
    }, "__wbg_json_69a74e9055460dab"),
    __wbg_keys_296846770c088f87: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.keys();
      return ret;
    }, "__wbg_keys_296846770c088f87"),
    __wbg_length_186163212ffe79c3: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_186163212ffe79c3"),
    __wbg_length_b03a0fabb109b1e9: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.length;
      return ret;
    }, "__wbg_length_b03a0fabb109b1e9"),
    __wbg_log_ff86bbb34c295e21: /* @__PURE__ */ __name(function(arg0) {
      console.log(arg0);
    }, "__wbg_log_ff86bbb34c295e21"),
    __wbg_message_43d8c8f1d543a349: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.message;
      return ret;
    }, "__wbg_message_43d8c8f1d543a349"),
    __wbg_method_3d406ebab4dd9853: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg1.method;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg_method_3d406ebab4dd9853"),
    __wbg_minifyconfig_new: /* @__PURE__ */ __name(function(arg0) {
      const ret = MinifyConfig.__wrap(arg0);
      return ret;
    }, "__wbg_minifyconfig_new"),
    __wbg_name_d1fa514fdca6a975: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.name;
      return ret;
    }, "__wbg_name_d1fa514fdca6a975"),
    __wbg_name_fd11f69c917c5670: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.name;
      return ret;
    }, "__wbg_name_fd11f69c917c5670"),
    __wbg_new_0_36d738a0c8cfac43: /* @__PURE__ */ __name(function() {
      const ret = /* @__PURE__ */ new Date();
      return ret;
    }, "__wbg_new_0_36d738a0c8cfac43"),
    __wbg_new_13de428334042d26: /* @__PURE__ */ __name(function(arg0) {
      const ret = new Uint8Array(arg0);
      return ret;
    }, "__wbg_new_13de428334042d26"),
    __wbg_new_277c27c26f94cbc2: /* @__PURE__ */ __name(function() {
      const ret = new Headers();
      return ret;
    }, "__wbg_new_277c27c26f94cbc2"),
    __wbg_new_37eb45aaf5eeb820: /* @__PURE__ */ __name(function() {
      const ret = new Array();
      return ret;
    }, "__wbg_new_37eb45aaf5eeb820"),
    __wbg_new_3e95cd7386bb9a6c: /* @__PURE__ */ __name(function(arg0) {
      const ret = new Date(arg0);
      return ret;
    }, "__wbg_new_3e95cd7386bb9a6c"),
    __wbg_new_7075786089b89c5e: /* @__PURE__ */ __name(function() {
      const ret = /* @__PURE__ */ new Map();
      return ret;
    }, "__wbg_new_7075786089b89c5e"),
    __wbg_new_787b9fb330d55d78: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Error(getStringFromWasm0(arg0, arg1));
      return ret;
    }, "__wbg_new_787b9fb330d55d78"),
    __wbg_new_cd4348290afae586: /* @__PURE__ */ __name(function() {
      const ret = new Object();
      return ret;
    }, "__wbg_new_cd4348290afae586"),
    __wbg_new_e119023fca43b021: /* @__PURE__ */ __name(function() {
      const ret = new WebSocketPair();
      return ret;
    }, "__wbg_new_e119023fca43b021"),
    __wbg_new_typed_e09da9dae6ee5935: /* @__PURE__ */ __name(function(arg0, arg1) {
      try {
        var state0 = { a: arg0, b: arg1 };
        var cb0 = /* @__PURE__ */ __name((arg02, arg12) => {
          const a = state0.a;
          state0.a = 0;
          try {
            return wasm_bindgen__convert__closures_____invoke__h185c139f4ca35858(a, state0.b, arg02, arg12);
          } finally {
            state0.a = a;
          }
        }, "cb0");
        const ret = new Promise(cb0);
        return ret;
      } finally {
        state0.a = 0;
      }
    }, "__wbg_new_typed_e09da9dae6ee5935"),
    __wbg_new_with_byte_offset_and_length_3cd32055a417f095: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = new Uint8Array(arg0, arg1 >>> 0, arg2 >>> 0);
      return ret;
    }, "__wbg_new_with_byte_offset_and_length_3cd32055a417f095"),
    __wbg_new_with_headers_28412d4f955f6225: /* @__PURE__ */ __name(function(arg0) {
      const ret = new Headers(arg0);
      return ret;
    }, "__wbg_new_with_headers_28412d4f955f6225"),
    __wbg_new_with_length_01b143a7e5dd5a3e: /* @__PURE__ */ __name(function(arg0) {
      const ret = new Uint8Array(arg0 >>> 0);
      return ret;
    }, "__wbg_new_with_length_01b143a7e5dd5a3e"),
    __wbg_new_with_opt_buffer_source_and_init_efb63b64b37a12c7: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Response(arg0, arg1);
      return ret;
    }, "__wbg_new_with_opt_buffer_source_and_init_efb63b64b37a12c7"),
    __wbg_new_with_opt_readable_stream_and_init_383c64eccf9e9cc7: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = new Response(arg0, arg1);
      return ret;
    }, "__wbg_new_with_opt_readable_stream_and_init_383c64eccf9e9cc7"),
    __wbg_new_with_opt_str_and_init_6456bed24baae6fc: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = new Response(arg0 === 0 ? void 0 : getStringFromWasm0(arg0, arg1), arg2);
      return ret;
    }, "__wbg_new_with_opt_str_and_init_6456bed24baae6fc"),
    __wbg_new_with_str_and_init_d9f6b5611184e16b: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = new Request(getStringFromWasm0(arg0, arg1), arg2);
      return ret;
    }, "__wbg_new_with_str_and_init_d9f6b5611184e16b"),
    __wbg_next_178c1651c11432b3: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.next;
      return ret;
    }, "__wbg_next_178c1651c11432b3"),
    __wbg_next_af5ac6a08bb0a717: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.next();
      return ret;
    }, "__wbg_next_af5ac6a08bb0a717"),
    __wbg_prepare_50d1ec53a3871b75: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.prepare(getStringFromWasm0(arg1, arg2));
      return ret;
    }, "__wbg_prepare_50d1ec53a3871b75"),
    __wbg_prototypesetcall_13162965d1fe7aa3: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
    }, "__wbg_prototypesetcall_13162965d1fe7aa3"),
    __wbg_push_c9f4893fc209f768: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.push(arg1);
      return ret;
    }, "__wbg_push_c9f4893fc209f768"),
    __wbg_put_e23699e64023d941: /* @__PURE__ */ __name(function(arg0, arg1, arg2, arg3) {
      const ret = arg0.put(getStringFromWasm0(arg1, arg2), arg3);
      return ret;
    }, "__wbg_put_e23699e64023d941"),
    __wbg_queueMicrotask_1e8503a8a690f0a3: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.queueMicrotask;
      return ret;
    }, "__wbg_queueMicrotask_1e8503a8a690f0a3"),
    __wbg_queueMicrotask_4a1a4d8dd332373b: /* @__PURE__ */ __name(function(arg0) {
      queueMicrotask(arg0);
    }, "__wbg_queueMicrotask_4a1a4d8dd332373b"),
    __wbg_read_e3bea75dace70752: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.read();
      return ret;
    }, "__wbg_read_e3bea75dace70752"),
    __wbg_readable_11d72b62fcfdd1ec: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.readable;
      return ret;
    }, "__wbg_readable_11d72b62fcfdd1ec"),
    __wbg_releaseLock_eddf1401c763f0b9: /* @__PURE__ */ __name(function(arg0) {
      arg0.releaseLock();
    }, "__wbg_releaseLock_eddf1401c763f0b9"),
    __wbg_resolve_dbf78ab4942478b0: /* @__PURE__ */ __name(function(arg0) {
      const ret = Promise.resolve(arg0);
      return ret;
    }, "__wbg_resolve_dbf78ab4942478b0"),
    __wbg_respond_d97c023ee981d1f5: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.respond(arg1 >>> 0);
    }, "__wbg_respond_d97c023ee981d1f5"),
    __wbg_results_978a5156e9f5bf3d: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.results;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_results_978a5156e9f5bf3d"),
    __wbg_run_ba372e9d0b56e06f: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.run();
      return ret;
    }, "__wbg_run_ba372e9d0b56e06f"),
    __wbg_send_cd51063ca1be4d0f: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0.send(getStringFromWasm0(arg1, arg2));
    }, "__wbg_send_cd51063ca1be4d0f"),
    __wbg_setAlarm_039d09296f34bacd: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.setAlarm(arg1, arg2);
      return ret;
    }, "__wbg_setAlarm_039d09296f34bacd"),
    __wbg_set_2793479888329cb6: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = Reflect.set(arg0, arg1, arg2);
      return ret;
    }, "__wbg_set_2793479888329cb6"),
    __wbg_set_8282f7e0d2d01336: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.set(arg1, arg2);
      return ret;
    }, "__wbg_set_8282f7e0d2d01336"),
    __wbg_set_bcb0ec2400cfa22e: /* @__PURE__ */ __name(function(arg0, arg1, arg2, arg3, arg4) {
      arg0.set(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
    }, "__wbg_set_bcb0ec2400cfa22e"),
    __wbg_set_body_877d5251e78ca815: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.body = arg1;
    }, "__wbg_set_body_877d5251e78ca815"),
    __wbg_set_cache_7a23201e29cbd632: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.cache = __wbindgen_enum_RequestCache[arg1];
    }, "__wbg_set_cache_7a23201e29cbd632"),
    __wbg_set_criticalError_c30445da7038dbf2: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.criticalError = arg1 !== 0;
    }, "__wbg_set_criticalError_c30445da7038dbf2"),
    __wbg_set_d2d33b52458e984a: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0[arg1 >>> 0] = arg2;
    }, "__wbg_set_d2d33b52458e984a"),
    __wbg_set_e4b9a833d288759a: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0[arg1] = arg2;
    }, "__wbg_set_e4b9a833d288759a"),
    __wbg_set_feb3714f475485ba: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0.set(getArrayU8FromWasm0(arg1, arg2));
    }, "__wbg_set_feb3714f475485ba"),
    __wbg_set_headers_07f10dbe49bc0e77: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.headers = arg1;
    }, "__wbg_set_headers_07f10dbe49bc0e77"),
    __wbg_set_headers_6d75a7df4eb22716: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.headers = arg1;
    }, "__wbg_set_headers_6d75a7df4eb22716"),
    __wbg_set_instanceId_6f5f77d81e249b49: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.instanceId = arg1 >>> 0;
    }, "__wbg_set_instanceId_6f5f77d81e249b49"),
    __wbg_set_method_639e69af35614d36: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      arg0.method = getStringFromWasm0(arg1, arg2);
    }, "__wbg_set_method_639e69af35614d36"),
    __wbg_set_redirect_a95a432ab7d10765: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.redirect = __wbindgen_enum_RequestRedirect[arg1];
    }, "__wbg_set_redirect_a95a432ab7d10765"),
    __wbg_set_signal_0b2eee78907e5ba7: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.signal = arg1;
    }, "__wbg_set_signal_0b2eee78907e5ba7"),
    __wbg_set_status_bd9dc81d1c17b108: /* @__PURE__ */ __name(function(arg0, arg1) {
      arg0.status = arg1;
    }, "__wbg_set_status_bd9dc81d1c17b108"),
    __wbg_sql_cabda3440c70072f: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.sql;
      return ret;
    }, "__wbg_sql_cabda3440c70072f"),
    __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: /* @__PURE__ */ __name(function() {
      const ret = typeof globalThis === "undefined" ? void 0 : globalThis;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc"),
    __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: /* @__PURE__ */ __name(function() {
      const ret = typeof global === "undefined" ? void 0 : global;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_static_accessor_GLOBAL_e4293fb22cbe77da"),
    __wbg_static_accessor_INIT_STATE_b2269150d11f01e0: /* @__PURE__ */ __name(function() {
      const ret = state;
      return ret;
    }, "__wbg_static_accessor_INIT_STATE_b2269150d11f01e0"),
    __wbg_static_accessor_SELF_53bb20457401453d: /* @__PURE__ */ __name(function() {
      const ret = typeof self === "undefined" ? void 0 : self;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_static_accessor_SELF_53bb20457401453d"),
    __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: /* @__PURE__ */ __name(function() {
      const ret = typeof window === "undefined" ? void 0 : window;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_static_accessor_WINDOW_b5e0810bfecb7feb"),
    __wbg_status_cb85b6c8d1769fa1: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.status;
      return ret;
    }, "__wbg_status_cb85b6c8d1769fa1"),
    __wbg_storage_00d86055b2dc3100: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.storage;
      return ret;
    }, "__wbg_storage_00d86055b2dc3100"),
    __wbg_then_656f253a5dd7d8ea: /* @__PURE__ */ __name(function(arg0, arg1, arg2) {
      const ret = arg0.then(arg1, arg2);
      return ret;
    }, "__wbg_then_656f253a5dd7d8ea"),
    __wbg_then_e3f7f2d365708be8: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg0.then(arg1);
      return ret;
    }, "__wbg_then_e3f7f2d365708be8"),
    __wbg_toArray_2757e80d5ccf01a6: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.toArray();
      return ret;
    }, "__wbg_toArray_2757e80d5ccf01a6"),
    __wbg_url_1be993c7b186415b: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = arg1.url;
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc_command_export, wasm.__wbindgen_realloc_command_export);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    }, "__wbg_url_1be993c7b186415b"),
    __wbg_value_e0f328965e184931: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.value;
      return ret;
    }, "__wbg_value_e0f328965e184931"),
    __wbg_view_3b708d3bdaf3fc96: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.view;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_view_3b708d3bdaf3fc96"),
    __wbg_webSocket_71791e807603b1e4: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.webSocket;
      return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
    }, "__wbg_webSocket_71791e807603b1e4"),
    __wbg_writable_1924ab50750acb0f: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0.writable;
      return ret;
    }, "__wbg_writable_1924ab50750acb0f"),
    __wbindgen_generic_0000000000000001: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__h47aa9b765d2e8b01);
      return ret;
    }, "__wbindgen_generic_0000000000000001"),
    __wbindgen_generic_0000000000000002: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = makeMutClosure(arg0, arg1, wasm_bindgen__convert__closures_____invoke__h4c3ef00f949adf61);
      return ret;
    }, "__wbindgen_generic_0000000000000002"),
    __wbindgen_generic_0000000000000003: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0;
      return ret;
    }, "__wbindgen_generic_0000000000000003"),
    __wbindgen_generic_0000000000000004: /* @__PURE__ */ __name(function(arg0) {
      const ret = arg0;
      return ret;
    }, "__wbindgen_generic_0000000000000004"),
    __wbindgen_generic_0000000000000005: /* @__PURE__ */ __name(function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    }, "__wbindgen_generic_0000000000000005"),
    __wbindgen_generic_0000000000000006: /* @__PURE__ */ __name(function(arg0) {
      const ret = BigInt.asUintN(64, arg0);
      return ret;
    }, "__wbindgen_generic_0000000000000006"),
    __wbindgen_init_externref_table: /* @__PURE__ */ __name(function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }, "__wbindgen_init_externref_table"),
    __wbindgen_jstag: WebAssembly.JSTag,
    __wbindgen_rethrow_critical: /* @__PURE__ */ __name(function(cause) {
      throw new Error("Critical error", { cause });
    }, "__wbindgen_rethrow_critical")
  };
  return {
    __proto__: null,
    "./index_bg.js": import0
  };
}
__name(__wbg_get_imports, "__wbg_get_imports");
var __wbindgen_wrapped_jstag = new WebAssembly.Tag({ parameters: ["externref"] });
var __wbg_terminated_addr;
var __wbg_called_abort = false;
function __wbg_call_abort_hook() {
  __wbg_called_abort = true;
  try {
    const idx = getInt32ArrayMemory0()[wasm.__abort_handler.value / 4];
    if (idx) wasm.__wbindgen_export.get(idx)();
  } catch (_) {
  }
}
__name(__wbg_call_abort_hook, "__wbg_call_abort_hook");
function __wbg_handle_catch(e) {
  if (e instanceof WebAssembly.Exception && e.is(__wbindgen_wrapped_jstag)) {
    throw e.getArg(__wbindgen_wrapped_jstag, 0);
  }
  getInt32ArrayMemory0()[__wbg_terminated_addr] = 1;
  __wbg_call_abort_hook();
  throw e;
}
__name(__wbg_handle_catch, "__wbg_handle_catch");
function __wbg_call_guard() {
  __wbg_terminated_addr ??= wasm.__instance_terminated.value / 4;
  const flag = getInt32ArrayMemory0()[__wbg_terminated_addr];
  if (flag) {
    if (!__wbg_called_abort) {
      __wbg_call_abort_hook();
    }
    if (__wbg_reinit_scheduled) {
      __wbg_reset_state();
      return;
    }
    throw new Error("Module terminated");
  } else if (__wbg_reinit_scheduled) {
    __wbg_reset_state();
  }
}
__name(__wbg_call_guard, "__wbg_call_guard");
function wasm_bindgen__convert__closures_____invoke__h47aa9b765d2e8b01(arg0, arg1, arg2) {
  __wbg_call_guard();
  try {
    wasm.wasm_bindgen__convert__closures_____invoke__h47aa9b765d2e8b01(arg0, arg1, arg2);
  } catch (e) {
    __wbg_handle_catch(e);
  }
}
__name(wasm_bindgen__convert__closures_____invoke__h47aa9b765d2e8b01, "wasm_bindgen__convert__closures_____invoke__h47aa9b765d2e8b01");
function wasm_bindgen__convert__closures_____invoke__h4c3ef00f949adf61(arg0, arg1, arg2) {
  let ret;
  __wbg_call_guard();
  try {
    ret = wasm.wasm_bindgen__convert__closures_____invoke__h4c3ef00f949adf61(arg0, arg1, arg2);
  } catch (e) {
    __wbg_handle_catch(e);
  }
  if (ret[1]) {
    throw takeFromExternrefTable0(ret[0]);
  }
}
__name(wasm_bindgen__convert__closures_____invoke__h4c3ef00f949adf61, "wasm_bindgen__convert__closures_____invoke__h4c3ef00f949adf61");
function wasm_bindgen__convert__closures_____invoke__h185c139f4ca35858(arg0, arg1, arg2, arg3) {
  __wbg_call_guard();
  try {
    wasm.wasm_bindgen__convert__closures_____invoke__h185c139f4ca35858(arg0, arg1, arg2, arg3);
  } catch (e) {
    __wbg_handle_catch(e);
  }
}
__name(wasm_bindgen__convert__closures_____invoke__h185c139f4ca35858, "wasm_bindgen__convert__closures_____invoke__h185c139f4ca35858");
var __wbindgen_enum_ReadableStreamType = ["bytes"];
var __wbindgen_enum_RequestCache = ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"];
var __wbindgen_enum_RequestRedirect = ["follow", "error", "manual"];
var __wbg_instance_id = 0;
var AuditLogFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_auditlog_free(ptr, 1);
});
var CaseObjectFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_caseobject_free(ptr, 1);
});
var ContainerStartupOptionsFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_containerstartupoptions_free(ptr, 1);
});
var IntoUnderlyingByteSourceFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_intounderlyingbytesource_free(ptr, 1);
});
var IntoUnderlyingSinkFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_intounderlyingsink_free(ptr, 1);
});
var IntoUnderlyingSourceFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_intounderlyingsource_free(ptr, 1);
});
var MinifyConfigFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_minifyconfig_free(ptr, 1);
});
var R2RangeFinalization = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry(({ ptr, instance }) => {
  if (instance === __wbg_instance_id) wasm.__wbg_r2range_free(ptr, 1);
});
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc_command_export();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
__name(addToExternrefTable0, "addToExternrefTable0");
var CLOSURE_DTORS = typeof FinalizationRegistry === "undefined" ? { register: /* @__PURE__ */ __name(() => {
}, "register"), unregister: /* @__PURE__ */ __name(() => {
}, "unregister") } : new FinalizationRegistry((state2) => {
  if (state2.instance === __wbg_instance_id) {
    wasm.__wbindgen_destroy_closure_command_export(state2.a, state2.b);
  }
});
function debugString(val) {
  switch (typeof val) {
    // primitive types
    case "number":
    case "boolean":
    case "undefined":
      return `${val}`;
    case "string":
      return JSON.stringify(val);
    case "bigint":
      return `${val}n`;
    case "symbol":
      return val.description !== void 0 ? `Symbol(${val.description})` : "Symbol";
    case "function":
      return typeof val.name === "string" && val.name !== "" ? `Function(${val.name})` : "Function";
    case "object": {
      if (val === null) {
        return "null";
      }
      if (Array.isArray(val)) {
        return "[" + Array.from(val, debugString).join(", ") + "]";
      }
      if (val instanceof Error) {
        return `${val.name}: ${val.message}
${val.stack}`;
      }
      const toStringOutput = toString.call(val);
      const className = /\[object ([^\]]+)\]/.exec(toStringOutput)?.[1];
      if (className === void 0) {
        return toStringOutput;
      }
      if (className === "Object") {
        try {
          return "Object(" + JSON.stringify(val) + ")";
        } catch (_) {
          return "Object";
        }
      }
      return className;
    }
  }
}
__name(debugString, "debugString");
function getArrayJsValueFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  const mem = getDataViewMemory0();
  const result = [];
  for (let i = ptr; i < ptr + 4 * len; i += 4) {
    result.push(wasm.__wbindgen_externrefs.get(mem.getUint32(i, true)));
  }
  wasm.__externref_drop_slice_command_export(ptr, len);
  return result;
}
__name(getArrayJsValueFromWasm0, "getArrayJsValueFromWasm0");
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
__name(getArrayU8FromWasm0, "getArrayU8FromWasm0");
var cachedDataViewMemory0 = null;
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
__name(getDataViewMemory0, "getDataViewMemory0");
var cachedInt32ArrayMemory0 = null;
function getInt32ArrayMemory0() {
  if (cachedInt32ArrayMemory0 === null || cachedInt32ArrayMemory0.byteLength === 0) {
    cachedInt32ArrayMemory0 = new Int32Array(wasm.memory.buffer);
  }
  return cachedInt32ArrayMemory0;
}
__name(getInt32ArrayMemory0, "getInt32ArrayMemory0");
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
__name(getStringFromWasm0, "getStringFromWasm0");
var cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
__name(getUint8ArrayMemory0, "getUint8ArrayMemory0");
function isLikeNone(x) {
  return x === void 0 || x === null;
}
__name(isLikeNone, "isLikeNone");
function makeMutClosure(arg0, arg1, f) {
  const state2 = { a: arg0, b: arg1, cnt: 1, instance: __wbg_instance_id };
  const real = /* @__PURE__ */ __name((...args) => {
    if (state2.instance !== __wbg_instance_id) {
      throw new Error("Cannot invoke closure from previous WASM instance");
    }
    state2.cnt++;
    const a = state2.a;
    state2.a = 0;
    try {
      return f(a, state2.b, ...args);
    } finally {
      state2.a = a;
      real._wbg_cb_unref();
    }
  }, "real");
  real._wbg_cb_unref = () => {
    if (--state2.cnt === 0) {
      wasm.__wbindgen_destroy_closure_command_export(state2.a, state2.b);
      state2.a = 0;
      CLOSURE_DTORS.unregister(state2);
    }
  };
  CLOSURE_DTORS.register(real, state2, state2);
  return real;
}
__name(makeMutClosure, "makeMutClosure");
function passArrayJsValueToWasm0(array, malloc) {
  const ptr = malloc(array.length * 4, 4) >>> 0;
  for (let i = 0; i < array.length; i++) {
    const add = addToExternrefTable0(array[i]);
    getDataViewMemory0().setUint32(ptr + 4 * i, add, true);
  }
  WASM_VECTOR_LEN = array.length;
  return ptr;
}
__name(passArrayJsValueToWasm0, "passArrayJsValueToWasm0");
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
__name(passStringToWasm0, "passStringToWasm0");
var __wbg_reinit_scheduled = false;
function takeFromExternrefTable0(idx) {
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc_command_export(idx);
  return value;
}
__name(takeFromExternrefTable0, "takeFromExternrefTable0");
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
function decodeText(bytes) {
  return cachedTextDecoder.decode(bytes);
}
__name(decodeText, "decodeText");
var cachedTextEncoder = new TextEncoder();
if (!("encodeInto" in cachedTextEncoder)) {
  cachedTextEncoder.encodeInto = function(arg, view) {
    const buf = cachedTextEncoder.encode(arg);
    view.set(buf);
    return {
      read: arg.length,
      written: buf.length
    };
  };
}
var WASM_VECTOR_LEN = 0;
var wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
var wasm = wasmInstance.exports;
wasm.__wbindgen_start();

// ../../build/core/shim.mjs
Error.stackTraceLimit = 100;
var initState = __worker_init_state();
function checkReinitialize() {
  if (initState.criticalError) {
    console.log("Reinitializing Wasm application");
    __wbg_reset_state();
    initState.criticalError = false;
    initState.instanceId++;
  }
}
__name(checkReinitialize, "checkReinitialize");
addEventListener("error", (e) => handleMaybeCritical(e.error));
function handleMaybeCritical(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    console.error("Critical", e);
    initState.criticalError = true;
  }
}
__name(handleMaybeCritical, "handleMaybeCritical");
var Entrypoint = class extends WorkerEntrypoint {
  static {
    __name(this, "Entrypoint");
  }
};
Entrypoint.prototype.fetch = /* @__PURE__ */ __name(function fetch2(request) {
  return fetch.call(this, request, this.env, this.ctx);
}, "fetch");
var instanceProxyHooks = {
  set: /* @__PURE__ */ __name((target, prop, value, receiver) => Reflect.set(target.instance, prop, value, receiver), "set"),
  has: /* @__PURE__ */ __name((target, prop) => Reflect.has(target.instance, prop), "has"),
  deleteProperty: /* @__PURE__ */ __name((target, prop) => Reflect.deleteProperty(target.instance, prop), "deleteProperty"),
  apply: /* @__PURE__ */ __name((target, thisArg, args) => Reflect.apply(target.instance, thisArg, args), "apply"),
  construct: /* @__PURE__ */ __name((target, args, newTarget) => Reflect.construct(target.instance, args, newTarget), "construct"),
  getPrototypeOf: /* @__PURE__ */ __name((target) => Reflect.getPrototypeOf(target.instance), "getPrototypeOf"),
  setPrototypeOf: /* @__PURE__ */ __name((target, proto) => Reflect.setPrototypeOf(target.instance, proto), "setPrototypeOf"),
  isExtensible: /* @__PURE__ */ __name((target) => Reflect.isExtensible(target.instance), "isExtensible"),
  preventExtensions: /* @__PURE__ */ __name((target) => Reflect.preventExtensions(target.instance), "preventExtensions"),
  getOwnPropertyDescriptor: /* @__PURE__ */ __name((target, prop) => Reflect.getOwnPropertyDescriptor(target.instance, prop), "getOwnPropertyDescriptor"),
  defineProperty: /* @__PURE__ */ __name((target, prop, descriptor) => Reflect.defineProperty(target.instance, prop, descriptor), "defineProperty"),
  ownKeys: /* @__PURE__ */ __name((target) => Reflect.ownKeys(target.instance), "ownKeys")
};
var classProxyHooks = {
  construct(ctor, args, newTarget) {
    try {
      checkReinitialize();
      const instance = { instance: Reflect.construct(ctor, args, newTarget), instanceId: initState.instanceId, ctor, args, newTarget };
      return new Proxy(instance, {
        ...instanceProxyHooks,
        get(target, prop, receiver) {
          if (target.instanceId !== initState.instanceId) {
            target.instance = Reflect.construct(target.ctor, target.args, target.newTarget);
            target.instanceId = initState.instanceId;
          }
          const original = Reflect.get(target.instance, prop, receiver);
          if (typeof original !== "function") return original;
          if (original.constructor === Function) {
            return new Proxy(original, {
              apply(target2, thisArg, argArray) {
                checkReinitialize();
                try {
                  return target2.apply(thisArg, argArray);
                } catch (e) {
                  handleMaybeCritical(e);
                  throw e;
                }
              }
            });
          }
          return new Proxy(original, {
            async apply(target2, thisArg, argArray) {
              checkReinitialize();
              try {
                return await target2.apply(thisArg, argArray);
              } catch (e) {
                handleMaybeCritical(e);
                throw e;
              }
            }
          });
        }
      });
    } catch (e) {
      initState.criticalError = true;
      throw e;
    }
  }
};
var shim_default = new Proxy(Entrypoint, classProxyHooks);
var AuditLog2 = new Proxy(AuditLog, classProxyHooks);
var CaseObject2 = new Proxy(CaseObject, classProxyHooks);
var ContainerStartupOptions2 = new Proxy(ContainerStartupOptions, classProxyHooks);
var MinifyConfig2 = new Proxy(MinifyConfig, classProxyHooks);
var R2Range2 = new Proxy(R2Range, classProxyHooks);

// ../../node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// ../../node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error = reduceError(e);
    return Response.json(error, {
      status: 500,
      headers: { "MF-Experimental-Error-Stack": "true" }
    });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// wrangler-config:config:middleware/patch-console-prefix
var prefix = "[wangban-core]";

// ../../node_modules/wrangler/templates/middleware/middleware-patch-console-prefix.ts
["log", "debug", "info"].forEach((method) => {
  globalThis.console[method] = new Proxy(globalThis.console[method], {
    apply(target, thisArg, argumentsList) {
      return target.apply(thisArg, [prefix, ...argumentsList]);
    }
  });
});
var passthrough = /* @__PURE__ */ __name((request, env, _ctx, middlewareCtx) => {
  return middlewareCtx.next(request, env);
}, "passthrough");
var middleware_patch_console_prefix_default = passthrough;

// .wrangler/tmp/bundle-z5Owkk/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default,
  middleware_patch_console_prefix_default
];
var middleware_insertion_facade_default = shim_default;

// ../../node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-z5Owkk/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  AuditLog2 as AuditLog,
  CaseObject2 as CaseObject,
  ContainerStartupOptions2 as ContainerStartupOptions,
  MinifyConfig2 as MinifyConfig,
  R2Range2 as R2Range,
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=shim.js.map
