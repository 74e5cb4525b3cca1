/**
 * One registry of stable error codes. Every error the engine reports (HTTP responses,
 * definition load problems, incidents) carries one of these codes; tests assert codes,
 * never message text. docs/errors.md lists them all (a test checks it).
 *
 * @example
 *   throw createError('CW_ERR_TASK_ALREADY_COMPLETED', { taskId });
 */
import { say, type Lang } from './locale/index.ts';

export const ErrorCodes = {
  // generic / HTTP
  CW_ERR_VALIDATION: { status: 400, message: 'The request is invalid.', zh: '請求無效。' },
  CW_ERR_UNAUTHENTICATED: {
    status: 401,
    message: 'Authentication is required.',
    zh: '需要驗證身分。',
  },
  CW_ERR_FORBIDDEN: {
    status: 403,
    message: 'You are not allowed to do this.',
    zh: '您沒有執行此操作的權限。',
  },
  CW_ERR_REVEAL_FORBIDDEN: {
    status: 403,
    message: 'Reading personal data unmasked needs the personal-data role.',
    zh: '未遮罩讀取個人資料需要 personal-data 角色。',
  },
  CW_ERR_DOCUMENT_FORBIDDEN: {
    status: 403,
    message:
      "Downloading a case's document needs the personal-data role or an open task of the case that you may work on.",
    zh: '下載案件文件需要 personal-data 角色，或您可處理的該案件未完成任務。',
  },
  CW_ERR_NOT_FOUND: { status: 404, message: 'Not found.', zh: '找不到資料。' },
  CW_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests.', zh: '請求過於頻繁。' },
  CW_ERR_INTERNAL: { status: 500, message: 'Internal error.', zh: '系統內部錯誤。' },
  CW_ERR_NOT_READY: { status: 503, message: 'The engine is not ready.', zh: '引擎尚未就緒。' },
  // the HTTP edge: what every request passes before a route reads it (engine/src/http/edge.ts)
  CW_ERR_TEXT_INVALID: {
    status: 400,
    message:
      'The request holds text with a NUL character, an unpaired surrogate or percent-encoding that is not UTF-8.',
    zh: '請求中的文字含有 NUL 字元、不成對的代理字元，或不是 UTF-8 的百分比編碼。',
  },
  CW_ERR_JSON_INVALID: {
    status: 400,
    message: 'The body is not valid JSON.',
    zh: '請求內容不是有效的 JSON。',
  },
  CW_ERR_JSON_TOO_DEEP: {
    status: 400,
    message: 'The JSON body is nested more than 64 levels deep.',
    zh: 'JSON 請求內容的巢狀層數超過 64 層。',
  },
  CW_ERR_BODY_TOO_LARGE: {
    status: 413,
    message: 'The request body is too large.',
    zh: '請求內容過大。',
  },
  CW_ERR_MEDIA_TYPE: {
    status: 415,
    message: 'The body must be JSON (Content-Type: application/json).',
    zh: '請求內容必須是 JSON（Content-Type: application/json）。',
  },
  CW_ERR_PARAM_TOO_LONG: {
    status: 414,
    message: 'A path parameter is too long.',
    zh: '路徑參數過長。',
  },
  CW_ERR_HEADERS_TOO_LARGE: {
    status: 431,
    message: 'The request headers are too large.',
    zh: '請求標頭過大。',
  },
  CW_ERR_BAD_REQUEST: {
    status: 400,
    message: 'The request is not well-formed HTTP.',
    zh: '請求不是格式正確的 HTTP。',
  },
  CW_ERR_REQUEST_TIMEOUT: {
    status: 408,
    message: 'The request did not arrive in time.',
    zh: '請求未在時限內傳送完成。',
  },
  // identity: sign-in, sessions, users
  CW_ERR_LOGIN_FAILED: {
    status: 401,
    message: 'The user name or password is incorrect.',
    zh: '使用者名稱或密碼不正確。',
  },
  CW_ERR_OIDC_DISABLED: {
    status: 404,
    message: 'Single sign-on is not configured.',
    zh: '尚未設定單一登入。',
  },
  CW_ERR_OIDC_STATE: {
    status: 400,
    message: 'This sign-in is unknown, used or expired: start it again.',
    zh: '此登入不明、已使用或已逾時，請重新登入。',
  },
  CW_ERR_OIDC_FAILED: {
    status: 401,
    message: 'The identity provider did not confirm who you are.',
    zh: '身分提供者未能確認您的身分。',
  },
  CW_ERR_OIDC_UNREACHABLE: {
    status: 502,
    message: 'The identity provider cannot be reached.',
    zh: '無法連線到身分提供者。',
  },
  CW_ERR_OIDC_USER: {
    status: 403,
    message: 'Your sign-in cannot be matched to a Caseway user: ask an administrator.',
    zh: '無法將您的登入對應到 Caseway 使用者，請洽系統管理員。',
  },
  CW_ERR_OIDC_NO_ROLE: {
    status: 403,
    message:
      'The identity provider confirmed who you are, but none of your roles there is a Caseway role: ask an administrator.',
    zh: '身分提供者已確認您的身分，但您在該處的角色都不是 Caseway 的角色，請洽系統管理員。',
  },
  CW_ERR_LOGIN_LOCKED: {
    status: 429,
    message: 'Too many failed sign-ins for this name; try again later.',
    zh: '此名稱登入失敗次數過多；請稍後再試。',
  },
  CW_ERR_CSRF: {
    status: 403,
    message: 'The CSRF token is missing or invalid; reload and try again.',
    zh: 'CSRF 權杖缺少或無效；請重新載入後再試。',
  },
  CW_ERR_PASSWORD_WRONG: {
    status: 403,
    message: 'The current password is incorrect.',
    zh: '目前的密碼不正確。',
  },
  CW_ERR_USER_EXISTS: {
    status: 409,
    message: 'A user with this id already exists.',
    zh: '已有相同 id 的使用者。',
  },
  CW_ERR_GROUP_EXISTS: {
    status: 409,
    message: 'A group with this id already exists.',
    zh: '已有相同 id 的群組。',
  },
  CW_ERR_LAST_ADMIN: {
    status: 409,
    message: 'This would leave no enabled administrator.',
    zh: '此變更會使系統沒有任何啟用中的管理員。',
  },
  CW_ERR_ROLE_EXISTS: {
    status: 409,
    message: 'A role with this id already exists.',
    zh: '已有相同 id 的角色。',
  },
  // definitions: schema and semantic lint
  CW_ERR_UPLOAD_NOT_AWAITED: {
    status: 409,
    message: 'The case is not waiting for these documents.',
    zh: '此案件目前並未等待這些文件。',
  },
  CW_ERR_UPLOAD_ITEM_UNKNOWN: {
    status: 422,
    message: 'The case does not ask for this document.',
    zh: '此案件並未要求這份文件。',
  },
  CW_ERR_ANSWER_NOT_AWAITED: {
    status: 409,
    message: 'The case is not waiting for this answer.',
    zh: '此案件目前並未等待這項回覆。',
  },
  CW_ERR_ANSWER_INVALID: {
    status: 422,
    message: 'The answer is incomplete or contradicts itself.',
    zh: '回覆不完整或前後矛盾。',
  },
  CW_ERR_UPLOAD_REJECTED: {
    status: 400,
    message: 'A file was refused: wrong type or too large.',
    zh: '檔案被拒絕：類型不符或過大。',
  },
  CW_ERR_UPLOAD_INFECTED: {
    status: 422,
    message: 'A file was refused by the virus scanner.',
    zh: '檔案未通過病毒掃描，已被拒絕。',
  },
  CW_ERR_DRAFT_STALE: {
    status: 409,
    message: 'A newer version was published since this draft began; start again from it.',
    zh: '此草稿開始後已發佈較新的版本；請從新版本重新開始。',
  },
  CW_ERR_DRAFT_UNCHANGED: {
    status: 409,
    message: 'The draft is the same as the latest version: nothing to publish.',
    zh: '草稿與最新版本相同，沒有可發佈的內容。',
  },
  CW_ERR_DRAFT_CHANGED: {
    status: 409,
    message:
      'The draft was saved again since you last saw it (in another tab or by a colleague); it is kept. Reload it before discarding.',
    zh: '草稿在您上次看到之後又被儲存（在另一個分頁或由同事），已保留。請重新載入後再捨棄。',
  },
  CW_ERR_PUBLISH_NOTE_REQUIRED: {
    status: 400,
    message: 'Publishing needs a change note: say what changed and why.',
    zh: '發佈需要變更說明：請寫明變更了什麼及原因。',
  },
  CW_ERR_SCENARIO_FAILED: {
    status: 422,
    message: 'A saved scenario of the process left its expected path; the draft is not published.',
    zh: '流程的已儲存情境偏離了預期路徑；草稿未發佈。',
  },
  CW_ERR_SCENARIO_EXISTS: {
    status: 409,
    message: 'A scenario with this name exists already for the process.',
    zh: '此流程已有同名的情境。',
  },
  CW_ERR_DEF_PARSE: {
    status: 400,
    message: 'The definition is not valid JSON.',
    zh: '定義不是有效的 JSON。',
  },
  CW_ERR_DEF_SCHEMA: {
    status: 400,
    message: 'The definition does not match its meta-schema.',
    zh: '定義不符合其結構描述。',
  },
  CW_ERR_DEF_PATH_MISMATCH: {
    status: 400,
    message: 'The id or version does not match the file path.',
    zh: 'id 或版本與檔案路徑不符。',
  },
  CW_ERR_DEF_DUPLICATE_ID: {
    status: 400,
    message: 'Two elements share one id.',
    zh: '有兩個元素使用相同的 id。',
  },
  CW_ERR_DEF_UNKNOWN_NODE: {
    status: 400,
    message: 'A flow or boundary event refers to a node that does not exist.',
    zh: '流程線或邊界事件引用了不存在的節點。',
  },
  CW_ERR_DEF_UNKNOWN_REFERENCE: {
    status: 400,
    message: 'A referenced form, process or action does not exist at that version.',
    zh: '引用的表單、流程或動作在該版本不存在。',
  },
  CW_ERR_DEF_START_COUNT: {
    status: 400,
    message: 'A process needs exactly one start node.',
    zh: '流程必須恰好有一個開始節點。',
  },
  CW_ERR_DEF_NO_END: {
    status: 400,
    message: 'A process needs at least one end node.',
    zh: '流程至少需要一個結束節點。',
  },
  CW_ERR_DEF_MAPPING_MISMATCH: {
    status: 400,
    message: "A service task's mapping does not fit its action's input or result schema.",
    zh: '服務任務的輸入或輸出對應不符合其動作的輸入或結果結構（型別不同的變數為警告）。',
  },
  CW_ERR_DEF_UNKNOWN_VARIABLE: {
    status: 400,
    message:
      'An expression reads a name the process does not hold at that point (a warning: publishing goes on).',
    zh: '運算式讀取了流程在該處沒有的變數（警告：仍可發佈）。',
  },
  CW_ERR_DEF_UNKNOWN_OPTION: {
    status: 400,
    message:
      'An expression compares a choice field with a value that is not one of its options (a warning).',
    zh: '運算式將選項欄位與不屬於其選項的值比較（警告）。',
  },
  CW_ERR_DEF_NOT_NAMES: {
    status: 400,
    message:
      'An assignee, candidate users or candidate groups expression can never give a name or a list of names.',
    zh: '負責人、候選使用者或候選群組的運算式永遠不會產生名稱或名稱清單。',
  },
  CW_ERR_DEF_NOBODY: {
    status: 400,
    message:
      'A user task is offered to nobody the engine knows: no such enabled user, no such group with enabled members (a warning).',
    zh: '使用者工作指派的對象在引擎中沒有任何人：沒有此啟用中的使用者，或群組沒有啟用中的成員（警告）。',
  },
  CW_ERR_DEF_UNREACHABLE: {
    status: 400,
    message: 'A node cannot be reached from the start.',
    zh: '從開始節點無法到達此節點。',
  },
  CW_ERR_DEF_DEAD_END: {
    status: 400,
    message: 'A node cannot reach an end.',
    zh: '此節點無法到達任何結束節點。',
  },
  CW_ERR_DEF_BAD_FLOW_COUNT: {
    status: 400,
    message: 'The node has the wrong number of incoming or outgoing flows.',
    zh: '節點的流入或流出連線數量不正確。',
  },
  CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE: {
    status: 400,
    message: 'An exclusive gateway needs a default flow or exhaustive conditions.',
    zh: '排他閘道需要預設路徑或涵蓋所有情況的條件。',
  },
  CW_ERR_DEF_CONDITION_MISPLACED: {
    status: 400,
    message: 'Only flows leaving an exclusive or inclusive gateway may carry a condition.',
    zh: '只有離開排他閘道或包容閘道的連線可以設定條件。',
  },
  CW_ERR_DEF_BAD_EXPRESSION: {
    status: 400,
    message: 'The FEEL expression does not parse.',
    zh: 'FEEL 表達式無法解析。',
  },
  CW_ERR_DEF_BAD_PATTERN: {
    status: 400,
    message:
      'The regular expression is not valid RE2 (no backreferences or lookaround; see docs/definitions.md).',
    zh: '規則運算式不是有效的 RE2（不支援反向參照與環視；見 docs/definitions.md）。',
  },
  CW_ERR_DEF_BAD_BOUNDARY: {
    status: 400,
    message:
      'A boundary event is attached to something it cannot watch: a timer goes on a user task, call activity, message catch or subprocess; an error on a service task that calls a plugin action, a call activity or a subprocess.',
    zh: '邊界事件附加在無法監看的節點上：計時器須附加在人工任務、呼叫活動、等待訊息或內嵌子流程上；錯誤須附加在呼叫外掛動作的服務工作、呼叫活動或內嵌子流程上。',
  },
  CW_ERR_DEF_BAD_SCOPE: {
    status: 400,
    message:
      "An embedded subprocess is misused: a node names as its parent something that is not a subprocess, a flow crosses a subprocess's border, or a subprocess does not have exactly one start (without a form) and an end inside.",
    zh: '內嵌子流程使用不當：節點的上層不是內嵌子流程、流程線跨越子流程的邊界，或子流程內沒有正好一個（不帶表單的）開始節點與一個結束節點。',
  },
  CW_ERR_DEF_ERROR_CAUGHT_TWICE: {
    status: 400,
    message:
      'Two error boundaries on one task catch the same error code, or both catch every code: only the first would ever be taken.',
    zh: '同一工作上的兩個錯誤邊界事件捕捉相同的錯誤代碼，或都捕捉所有代碼：只有第一個會生效。',
  },
  CW_ERR_DEF_BAD_MULTI_INSTANCE: {
    status: 400,
    message:
      'A multi-instance activity is misused: its collection can be known not to be a list, its element variable hides a name the engine gives each instance (loopCounter, nrOfInstances…), or it has an output element but no output collection.',
    zh: '多實例活動使用不當：其集合可確知不是清單、元素變數遮蔽了引擎給每個實例的名稱（loopCounter、nrOfInstances…），或有輸出元素卻沒有輸出集合。',
  },
  CW_ERR_DEF_NOTHING_TO_COMPENSATE: {
    status: 400,
    message:
      'A compensation throw or end can never undo anything: no service task in its scope (the case, or the subprocess it is in) names an undo action.',
    zh: '補償拋出或補償結束事件永遠沒有可復原的工作：其範圍（案件，或其所在的子流程）內沒有服務任務指定復原動作。',
  },
  CW_ERR_DEF_BAD_EVENT_GATEWAY: {
    status: 400,
    message:
      'An event-based gateway is followed by something other than a message catch or a timer.',
    zh: '事件閘道之後接了等待訊息或計時器以外的節點。',
  },
  CW_ERR_DEF_ERROR_NOT_CAUGHT: {
    status: 400,
    message:
      'An error end throws a code that no error boundary catches (on the call activities that call the process, or on a subprocess around it).',
    zh: '錯誤結束事件拋出的代碼沒有任何錯誤邊界事件捕捉（呼叫此流程的呼叫活動上，或外圍的子流程上）。',
  },
  CW_ERR_DEF_IMMUTABLE: {
    status: 409,
    message: 'This version was already published with different content; publish a new version.',
    zh: '此版本已以不同內容發佈；請發佈新版本。',
  },
  CW_ERR_DEF_NOT_LOADED: {
    status: 409,
    message: 'The definition failed to load; instances of it are refused.',
    zh: '定義載入失敗；拒絕建立其實例。',
  },
  CW_ERR_DEF_BAD_CALENDAR: {
    status: 400,
    message:
      'The calendar is inconsistent (time zone, working hours, holidays or make-up working days).',
    zh: '行事曆內容不一致（時區、工作時間、假日或調休上班日）。',
  },
  CW_ERR_DEF_BAD_DECISION: {
    status: 400,
    message:
      "The decision table is inconsistent (a rule's entries against the columns, its aggregation or hit policy, output names).",
    zh: '決策表內容不一致（規則的欄位數、彙總或命中政策、輸出名稱）。',
  },
  CW_ERR_DEF_DECISION_TYPE: {
    status: 400,
    message:
      "A decision table's cell or allowed value is not of its column's type, or not one of the column's allowed values.",
    zh: '決策表的儲存格或允許值不符合該欄的型別，或不在該欄的允許值之中。',
  },
  CW_ERR_DEF_DECISION_OVERLAP: {
    status: 400,
    message:
      'Two rules of a decision table match the same inputs where its hit policy allows only one (UNIQUE) or agreeing outputs (ANY).',
    zh: '決策表有兩條規則對相同輸入都相符，但其命中政策只允許一條（UNIQUE）或輸出一致（ANY）。',
  },
  CW_ERR_DEF_DECISION_GAP: {
    status: 400,
    message: "A combination of a decision table's enumerated inputs that no rule covers.",
    zh: '決策表的列舉輸入有一種組合沒有任何規則涵蓋。',
  },
  CW_ERR_DEF_REFERENCE_ASKED: {
    status: 400,
    message:
      "The start form asks for a variable the engine assigns (the case's reference, its tracking link or the customer's language).",
    zh: '開始表單要求填寫由系統指派的變數（案件編號、查詢連結或客戶語言）。',
  },
  CW_ERR_DEF_UNKNOWN_FIELD: {
    status: 400,
    message: 'A computed field reads a name that is not a field of its level.',
    zh: '計算欄位讀取了同一層中不存在的欄位。',
  },
  CW_ERR_DEF_COMPUTE_CYCLE: {
    status: 400,
    message: 'A computed field reads itself, directly or through other computed fields.',
    zh: '計算欄位直接或經由其他計算欄位讀取了自身。',
  },
  CW_ERR_DEF_BAD_LAYOUT: {
    status: 400,
    message: 'The form layout is inconsistent (its pages, sections or column widths).',
    zh: '表單版面配置不一致（頁面、區段或欄寬）。',
  },
  // instances
  CW_ERR_INSTANCE_NOT_ACTIVE: {
    status: 409,
    message: 'The instance is not active.',
    zh: '流程實例不在進行中。',
  },
  CW_ERR_INSTANCE_CONFLICT: {
    status: 409,
    message: 'The instance changed concurrently; retry.',
    zh: '流程實例同時被修改；請重試。',
  },
  CW_ERR_MIGRATION_REFUSED: {
    status: 409,
    message: 'The migration would lose or misplace a wait state.',
    zh: '遷移會遺失或錯置等待狀態。',
  },
  CW_ERR_MIGRATION_SAME_VERSION: {
    status: 400,
    message: 'The cases to migrate would be those already on the target version.',
    zh: '要遷移的案件已在目標版本上。',
  },
  CW_ERR_MIGRATION_ENDED: {
    status: 409,
    message: 'The bulk migration has already ended.',
    zh: '批次遷移已經結束。',
  },
  CW_ERR_EXPRESSION_FAILED: {
    status: 422,
    message: 'A FEEL expression failed to evaluate.',
    zh: 'FEEL 表達式求值失敗。',
  },
  CW_ERR_EXPRESSION_LIMIT: {
    status: 422,
    message:
      'A FEEL expression exceeded its budget (steps, list or string size, result size or time).',
    zh: 'FEEL 表達式超出運算預算（步數、清單或字串長度、結果大小或時間）。',
  },
  CW_ERR_STEP_LIMIT: {
    status: 422,
    message: 'The process looped without reaching a wait state.',
    zh: '流程循環執行而未到達等待狀態。',
  },
  CW_ERR_ERROR_NOT_CAUGHT: {
    status: 422,
    message:
      'The called case ended with a business error (an error end) that no error boundary on the call activity catches.',
    zh: '被呼叫的案件以業務錯誤（錯誤結束事件）結束，但呼叫活動上沒有錯誤邊界事件捕捉它。',
  },
  CW_ERR_GATEWAY_CONDITION: {
    status: 422,
    message:
      'A gateway condition was neither true nor false (null, another value, or it failed): the case waits at the gateway with an incident.',
    zh: '閘道條件既非真亦非假（空值、其他值或求值失敗）：案件停在閘道並開立事件。',
  },
  CW_ERR_NO_MATCHING_FLOW: {
    status: 422,
    message: 'No outgoing flow condition holds and there is no default.',
    zh: '沒有符合條件的流出路徑，也沒有預設路徑。',
  },
  CW_ERR_MULTI_INSTANCE_COLLECTION: {
    status: 422,
    message:
      'A multi-instance collection failed, gave something other than a list, or a list of more than 1,000 items: the case waits at the activity with an incident showing what it gave.',
    zh: '多實例集合求值失敗、結果不是清單，或清單超過 1,000 項：案件停在該活動並開立事件，顯示其結果。',
  },
  // play mode (a sandbox run of a draft)
  CW_ERR_PLAY_STATE: {
    status: 409,
    message:
      'The play cannot do this now (not started yet, already started, or nothing to move to).',
    zh: '試行目前無法執行此操作（尚未開始、已經開始，或沒有可前往的時點）。',
  },
  CW_ERR_PLAY_LIMIT: {
    status: 409,
    message:
      'The play has reached its size limit; start a new play or move the clock in smaller steps.',
    zh: '試行已達大小上限；請重新開始試行，或以較小的幅度推進時鐘。',
  },
  // tasks and forms
  CW_ERR_TASK_ALREADY_COMPLETED: {
    status: 409,
    message: 'The task is already completed.',
    zh: '此任務已完成。',
  },
  CW_ERR_TASK_NOT_OPEN: {
    status: 409,
    message: 'The task is no longer open.',
    zh: '此任務已不再開放。',
  },
  CW_ERR_TASK_CLAIMED: {
    status: 409,
    message: 'The task is claimed by someone else.',
    zh: '此任務已被他人認領。',
  },
  CW_ERR_FORM_INVALID: { status: 400, message: 'The form data is invalid.', zh: '表單資料無效。' },
  CW_ERR_REASSIGN_REFUSED: {
    status: 409,
    message: 'No task was reassigned: at least one cannot be (see details, one per task).',
    zh: '未改派任何任務：至少有一項任務無法改派（詳見各任務的明細）。',
  },
  CW_ERR_REASSIGN_NOT_CANDIDATE: {
    status: 409,
    message: 'The user may not work this task: they are not among the people it is offered to.',
    zh: '此使用者不能處理這項任務：不在任務指派的候選人員內。',
  },
  CW_ERR_REASSIGN_TARGET: {
    status: 400,
    message:
      'The user or group to reassign to is unknown, disabled or outside the groups you supervise.',
    zh: '改派對象（使用者或群組）不存在、已停用，或不在您督導的群組內。',
  },
  CW_ERR_FILTER_NAME_TAKEN: {
    status: 409,
    message: 'You already have a saved filter with this name.',
    zh: '您已有同名的已儲存篩選。',
  },
  // case search
  CW_ERR_SEARCH_PERSONAL_DATA: {
    status: 403,
    message: 'Searching by ID number or phone number needs the personal-data role.',
    zh: '以身分證號或電話號碼搜尋需要 personal-data 角色。',
  },
  // starting cases
  CW_ERR_BUSINESS_KEY_TAKEN: {
    status: 409,
    message: 'An active case of this process already has this business key.',
    zh: '此流程已有使用相同業務編號的進行中案件。',
  },
  CW_ERR_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This Idempotency-Key was already used for a different request.',
    zh: '此 Idempotency-Key 已用於另一個不同的請求。',
  },
  // BPMN 2.0 XML in and out (engine/src/interchange)
  CW_ERR_BPMN_MEDIA_TYPE: {
    status: 415,
    message: 'The body must be BPMN 2.0 XML (Content-Type: application/xml or text/xml).',
    zh: '請求內容必須是 BPMN 2.0 XML（Content-Type: application/xml 或 text/xml）。',
  },
  CW_ERR_BPMN_INVALID: {
    status: 400,
    message: 'The body is not well-formed BPMN 2.0 XML (its root must be bpmn:definitions).',
    zh: '請求內容不是格式正確的 BPMN 2.0 XML（根元素必須是 bpmn:definitions）。',
  },
  CW_ERR_BPMN_ENTITIES: {
    status: 400,
    message: 'A document type declaration or entity is not accepted in BPMN XML.',
    zh: 'BPMN XML 中不接受文件類型宣告（DOCTYPE）或實體（ENTITY）。',
  },
  CW_ERR_BPMN_TOO_DEEP: {
    status: 400,
    message: 'The BPMN XML nests elements more than 64 levels deep.',
    zh: 'BPMN XML 的元素巢狀層數超過 64 層。',
  },
  CW_ERR_BPMN_TOO_LARGE: {
    status: 413,
    message: 'The BPMN XML holds more than 50,000 elements.',
    zh: 'BPMN XML 的元素超過 50,000 個。',
  },
  CW_ERR_BPMN_NO_PROCESS: {
    status: 422,
    message: 'The BPMN XML holds no process with anything Caseway can import.',
    zh: 'BPMN XML 中沒有 Caseway 可匯入的流程。',
  },
  CW_ERR_BPMN_LAYOUT: {
    status: 400,
    message: 'The layout must be a JSON object of node ids to [x, y] centres.',
    zh: '版面配置必須是節點 id 對應 [x, y] 中心點的 JSON 物件。',
  },
  CW_ERR_DMN_MEDIA_TYPE: {
    status: 415,
    message: 'The body must be DMN XML (Content-Type: application/xml or text/xml).',
    zh: '請求內容必須是 DMN XML（Content-Type: application/xml 或 text/xml）。',
  },
  CW_ERR_DMN_INVALID: {
    status: 400,
    message:
      'The body is not well-formed DMN 1.1, 1.2 or 1.3 XML (its root must be dmn:definitions).',
    zh: '請求內容不是格式正確的 DMN 1.1、1.2 或 1.3 XML（根元素必須是 dmn:definitions）。',
  },
  CW_ERR_DMN_ENTITIES: {
    status: 400,
    message: 'A document type declaration or entity is not accepted in DMN XML.',
    zh: 'DMN XML 中不接受文件類型宣告（DOCTYPE）或實體（ENTITY）。',
  },
  CW_ERR_DMN_TOO_DEEP: {
    status: 400,
    message: 'The DMN XML nests elements more than 32 levels deep.',
    zh: 'DMN XML 的元素巢狀層數超過 32 層。',
  },
  CW_ERR_DMN_TOO_LARGE: {
    status: 413,
    message: 'The DMN XML holds more than 50,000 elements.',
    zh: 'DMN XML 的元素超過 50,000 個。',
  },
  CW_ERR_DMN_NO_TABLE: {
    status: 422,
    message:
      'The DMN XML holds no decision table Caseway can import (or none with the id asked for).',
    zh: 'DMN XML 中沒有 Caseway 可匯入的決策表（或沒有所指定 id 的決策表）。',
  },
  CW_ERR_DECISION_HIT_POLICY: {
    status: 422,
    message:
      "The decision table's rules break its hit policy: several rules matched under UNIQUE, or rules with different outputs under ANY.",
    zh: '決策表的規則違反其命中政策：UNIQUE 下有多條規則相符，或 ANY 下相符的規則輸出不同。',
  },
  CW_ERR_DECISION_NO_MATCH: {
    status: 422,
    message:
      'No rule of the decision table matched, and its hit policy (UNIQUE, ANY, FIRST or PRIORITY) must give one result.',
    zh: '決策表沒有任何規則相符，而其命中政策（UNIQUE、ANY、FIRST 或 PRIORITY）必須給出一個結果。',
  },
  CW_ERR_DECISION_UNKNOWN: {
    status: 404,
    message: 'No decision table has this id, or it has no such version.',
    zh: '沒有此 id 的決策表，或該決策表沒有此版本。',
  },
  CW_ERR_DECISION_FAILED: {
    status: 422,
    message:
      'The decision table could not be evaluated: an input or an output failed, or the table is not loaded.',
    zh: '無法評估決策表：某個輸入或輸出運算失敗，或決策表未載入。',
  },
  // messages, jobs, incidents
  CW_ERR_MESSAGE_CONFLICT: {
    status: 409,
    message: 'A different message with this id was already received.',
    zh: '已收到具有相同 id 但內容不同的訊息。',
  },
  CW_ERR_INCIDENT_NOT_OPEN: {
    status: 409,
    message: 'The incident is not open.',
    zh: '此異常事件不在開啟狀態。',
  },
  CW_ERR_INCIDENT_NOT_SKIPPABLE: {
    status: 409,
    message:
      'Only the step of a failed service task, or a failed SLA or plugin action, can be skipped.',
    zh: '只有失敗的服務任務步驟，或失敗的 SLA 或外掛動作，才能略過。',
  },
  CW_ERR_INCIDENT_INPUT_NOT_MAPPED: {
    status: 409,
    message:
      "Only a failed service task's input can be evaluated again from its mappings; retry this incident with its stored input.",
    zh: '只有失敗的服務任務可依其對應重新計算輸入；此異常事件請以原輸入重試。',
  },
  CW_ERR_PERSONAL_DATA_EDIT: {
    status: 403,
    message: "Changing a case's personal data needs the personal-data role.",
    zh: '修改案件的個人資料需要 personal-data 角色。',
  },
  CW_ERR_DUE_NOT_FUTURE: {
    status: 400,
    message: 'The new due instant must be later than now.',
    zh: '新的到期時間必須晚於現在。',
  },
  CW_ERR_CLOCK_NOT_MOVABLE: {
    status: 409,
    message:
      'Only a running clock that has not breached can have its due instant moved (a pause, a stop or a breach keeps it).',
    zh: '只有執行中且未逾時的時效可以變更到期時間（暫停、已停止或已逾時的時效不能變更）。',
  },
  CW_ERR_ACTION_UNKNOWN: {
    status: 422,
    message: 'The service task action is not known.',
    zh: '未知的服務任務動作。',
  },
  CW_ERR_ACTION_FAILED: {
    status: 502,
    message: 'The service task action failed.',
    zh: '服務任務動作執行失敗。',
  },
  CW_ERR_ACTION_TIMEOUT: {
    status: 504,
    message: 'The service task action timed out.',
    zh: '服務任務動作逾時。',
  },
  CW_ERR_ACTION_REJECTED: {
    status: 422,
    message: 'The receiving system refused the request; retrying will not help.',
    zh: '接收系統拒絕了此請求；重試也無濟於事。',
  },
  CW_ERR_ACTION_INPUT_INVALID: {
    status: 422,
    message: "The action's input does not match its schema.",
    zh: '動作的輸入不符合其結構描述。',
  },
  CW_ERR_ACTION_OUTPUT_INVALID: {
    status: 502,
    message: "The action's output does not match its schema.",
    zh: '動作的輸出不符合其結構描述。',
  },
  // plugins
  CW_ERR_PLUGIN_INVALID: {
    status: 400,
    message: 'The plugin was refused: its manifest or module is invalid.',
    zh: '外掛被拒絕載入：其描述檔或模組無效。',
  },
  CW_ERR_PLUGIN_NOT_CONFIGURED: {
    status: 409,
    message: 'The plugin has no valid configuration or secrets yet.',
    zh: '外掛尚未設定有效的組態或密鑰。',
  },
  CW_ERR_PLUGIN_CRASHED: {
    status: 503,
    message:
      "The plugin's worker stopped during the call (an uncaught error, out of memory, or no answer after its time ran out); the call is retried.",
    zh: '外掛的工作執行緒在呼叫期間停止（未處理的錯誤、記憶體不足，或逾時後仍無回應）；此呼叫將重試。',
  },
  // start-up
  CW_ERR_SERVICE_UNREACHABLE: {
    status: 503,
    message: 'A required service is unreachable.',
    zh: '無法連線到必要的服務。',
  },
} as const satisfies Record<string, { status: number; message: string; zh: string }>;

export type ErrorCode = keyof typeof ErrorCodes;

/** One problem inside a request or a definition, located by a JSON pointer. */
export interface ErrorDetail {
  code: ErrorCode;
  /** JSON pointer into the offending document ('' for the whole document). */
  pointer: string;
  message: string;
  /** Definition file (relative to the definitions folder) when the problem is in one. */
  file?: string;
  /** Which part of the request the pointer points into; the body when absent. */
  in?: 'body' | 'query' | 'path' | 'header' | 'cookie';
  /** A lint finding that does not stop loading or publishing (absent: an error). */
  severity?: 'warning';
  /** The message's key in the definition lint's catalogue, rendered in each language. */
  key?: string;
  /** The key's parameters (names, values; never a language's words). */
  params?: Record<string, string | number>;
}

export class CasewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly data: Record<string, unknown>;
  /** Retrying the same work cannot succeed (a service action goes to an incident at once). */
  readonly permanent: boolean;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: {
      details?: ErrorDetail[];
      data?: Record<string, unknown>;
      cause?: unknown;
      permanent?: boolean;
    } = {},
  ) {
    super(message ?? ErrorCodes[code].message, { cause: opts.cause });
    this.name = 'CasewayError';
    this.code = code;
    this.status = ErrorCodes[code].status;
    this.details = opts.details ?? [];
    this.data = opts.data ?? {};
    this.permanent = opts.permanent ?? false;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetail[] } & Record<string, unknown> {
    return { code: this.code, message: this.message, details: this.details, ...this.data };
  }
}

export function createError(
  code: ErrorCode,
  message?: string,
  opts?: {
    details?: ErrorDetail[];
    data?: Record<string, unknown>;
    cause?: unknown;
    permanent?: boolean;
  },
): CasewayError {
  return new CasewayError(code, message, opts);
}

/**
 * An error about one field of a request: the code, the field's JSON pointer and the
 * registry's message in the caller's language, as the error and as its one detail.
 *
 * @example
 *   throw fieldError('CW_ERR_FILTER_NAME_TAKEN', '/name', langFromHeader(req.headers['accept-language']));
 */
export function fieldError(code: ErrorCode, pointer: string, lang: Lang): CasewayError {
  return createError(code, undefined, {
    details: [{ code, pointer, message: defaultMessage(code, lang) }],
  });
}

export function isCasewayError(e: unknown): e is CasewayError {
  return e instanceof CasewayError;
}

/** Languages the engine answers in; chosen from Accept-Language (engine/src/locale). */
export { langFromHeader, type Lang } from './locale/index.ts';

/**
 * The registry's default message for a code in a language: zh-Hans is the zh-Hant message
 * converted phrase by phrase (engine/src/locale, cached), so every code has it.
 */
export function defaultMessage(code: ErrorCode, lang: Lang): string {
  return say(lang, ErrorCodes[code].zh, ErrorCodes[code].message);
}
