using System.Collections.Frozen;

namespace ChatCommerce.Web.Console;

/// <summary>The console's words: Thai first, English when the person picks it (a cookie remembers).</summary>
public sealed class ConsoleText
{
    public const string Cookie = "cc_console_lang";

    private static readonly FrozenDictionary<string, (string Th, string En)> Words = new Dictionary<string, (string, string)>
    {
        ["app"] = ("คอนโซลร้าน", "Shop console"),
        ["signin.title"] = ("เข้าสู่ระบบ", "Sign in"),
        ["signin.email"] = ("อีเมล", "E-mail"),
        ["signin.password"] = ("รหัสผ่าน", "Password"),
        ["signin.submit"] = ("เข้าสู่ระบบ", "Sign in"),
        ["signin.wrong"] = ("อีเมลหรือรหัสผ่านไม่ถูกต้อง", "Wrong e-mail or password."),
        ["signin.locked"] = ("บัญชีถูกล็อกชั่วคราวเพราะใส่รหัสผิดหลายครั้ง ลองใหม่หลัง {0}", "The account is locked after too many wrong passwords. Try again after {0}."),
        ["signout"] = ("ออกจากระบบ", "Sign out"),
        ["denied"] = ("หน้านี้สำหรับเจ้าของร้านเท่านั้น", "Only the shop owner can open this page."),
        ["nav.inbox"] = ("กล่องข้อความ", "Inbox"),
        ["nav.cases"] = ("เรื่องร้องเรียน", "Cases"),
        ["nav.audit"] = ("บันทึกการทำงาน", "Audit log"),
        ["conv.customer"] = ("ลูกค้า", "Customer"),
        ["conv.customer.orders"] = ("คำสั่งซื้อ", "orders"),
        ["conv.customer.consent"] = ("รับข่าวสาร", "Marketing consent"),
        ["conv.customer.tags"] = ("แท็ก (คั่นด้วยจุลภาค)", "Tags (comma-separated)"),
        ["conv.customer.notes"] = ("บันทึกเกี่ยวกับลูกค้า", "Notes about the customer"),
        ["conv.customer.birthday"] = ("วันเกิด", "Birthday"),
        ["conv.customer.save"] = ("บันทึกข้อมูลลูกค้า", "Save customer"),
        ["conv.customer.saved"] = ("บันทึกข้อมูลลูกค้าแล้ว", "Customer saved"),
        ["conv.customer.bad_tags"] = ("แท็กใช้ได้เฉพาะตัวอักษร ตัวเลข - และ _ (ไม่เกิน 40 ตัว) และวันเกิดต้องเป็นวันที่ จึงยังไม่ได้บันทึก", "Tags may hold only letters, digits, '-' and '_' (up to 40), and a birthday is a date: nothing was saved"),
        ["consent.unknown"] = ("ยังไม่เคยถาม", "never asked"),
        ["consent.asked"] = ("ถามแล้ว ยังไม่ตอบ", "asked, no answer"),
        ["consent.granted"] = ("ยินยอม", "given"),
        ["consent.declined"] = ("ไม่ยินยอม", "declined"),
        ["consent.withdrawn"] = ("ถอนความยินยอมแล้ว", "withdrawn"),
        ["nav.analytics"] = ("ยอดขายและลูกค้า", "Sales and customers"),
        ["analytics.title"] = ("ยอดขายและลูกค้า", "Sales and customers"),
        ["analytics.from"] = ("ตั้งแต่", "From"),
        ["analytics.to"] = ("ถึง", "To"),
        ["analytics.show"] = ("แสดง", "Show"),
        ["analytics.revenue"] = ("ยอดขาย", "Revenue"),
        ["analytics.orders"] = ("คำสั่งซื้อ", "orders"),
        ["analytics.aov"] = ("ยอดเฉลี่ยต่อคำสั่งซื้อ", "Average order"),
        ["analytics.conversion"] = ("แชทที่กลายเป็นคำสั่งซื้อ", "Chats that ordered"),
        ["analytics.chats"] = ("แชท", "chats"),
        ["analytics.repeat"] = ("ลูกค้าซื้อซ้ำ", "Repeat buyers"),
        ["analytics.complaints"] = ("เรื่องร้องเรียน", "Complaints"),
        ["analytics.resolve_hours"] = ("เวลาแก้ไข (ชม., มัธยฐาน)", "hours to resolve (median)"),
        ["analytics.answers"] = ("คำตอบ", "answers"),
        ["analytics.case_csat"] = ("หลังแก้เรื่องร้องเรียน", "after complaints"),
        ["analytics.by_day"] = ("ยอดขายรายวัน", "Sales by day"),
        ["analytics.products"] = ("สินค้าขายดี", "Best sellers"),
        ["analytics.product"] = ("สินค้า", "Product"),
        ["analytics.quantity"] = ("จำนวน", "Quantity"),
        ["analytics.segments"] = ("กลุ่มลูกค้า", "Customer segments"),
        ["segment.champions"] = ("ลูกค้าชั้นยอด", "Champions"),
        ["segment.loyal"] = ("ลูกค้าประจำ", "Loyal"),
        ["segment.potential"] = ("มีแววเป็นลูกค้าประจำ", "Potential"),
        ["segment.new"] = ("ลูกค้าใหม่", "New"),
        ["segment.at_risk"] = ("เสี่ยงหายไป", "At risk"),
        ["segment.lost"] = ("หายไปแล้ว", "Lost"),
        ["segment.prospect"] = ("ยังไม่เคยซื้อ", "Not bought yet"),
        ["nav.accounts"] = ("บัญชีผู้ใช้", "Accounts"),
        ["queue.waiting"] = ("รอพนักงาน", "Waiting for staff"),
        ["queue.mine"] = ("ของฉัน", "Mine"),
        ["queue.staff"] = ("พนักงานคนอื่น", "Other staff"),
        ["queue.bot"] = ("บอทดูแล", "With the bot"),
        ["queue.resolved"] = ("แก้ไขแล้ว", "Resolved"),
        ["inbox.empty"] = ("ไม่มีแชทในคิวนี้", "No conversations in this queue."),
        ["inbox.waiting_for"] = ("รอมา", "waiting"),
        ["owner.bot"] = ("บอท", "bot"),
        ["owner.queue"] = ("รอพนักงาน", "waiting for staff"),
        ["owner.staff"] = ("พนักงาน", "staff"),
        ["conv.takeover"] = ("รับเรื่องนี้", "Take over"),
        ["conv.handback"] = ("คืนให้บอท", "Hand back to the bot"),
        ["conv.resolve"] = ("ปิดเรื่อง (แก้ไขแล้ว)", "Resolve"),
        ["conv.reply"] = ("ส่งข้อความ", "Send"),
        ["conv.reply.placeholder"] = ("พิมพ์ข้อความถึงลูกค้า", "Write to the customer"),
        ["conv.quick"] = ("ปุ่มตอบด่วน (คั่นด้วย ,)", "Quick replies (comma-separated)"),
        ["conv.product"] = ("แนบการ์ดสินค้า", "Attach a product card"),
        ["conv.none"] = ("— ไม่แนบ —", "— none —"),
        ["conv.note"] = ("บันทึกภายใน (ลูกค้าไม่เห็น)", "Internal note (the customer does not see it)"),
        ["conv.add_note"] = ("บันทึก", "Add note"),
        ["conv.bot_silent"] = ("บอทหยุดตอบแชทนี้จนกว่าจะคืนให้บอท", "The bot stays silent here until it is handed back."),
        ["conv.take_first"] = ("รับเรื่องก่อนจึงจะตอบลูกค้าได้", "Take the conversation over to reply."),
        ["conv.orders"] = ("คำสั่งซื้อ", "Orders"),
        ["conv.cases"] = ("เรื่องที่เปิดอยู่", "Open cases"),
        ["conv.notes"] = ("บันทึกภายใน", "Internal notes"),
        ["conv.image"] = ("[รูปภาพ]", "[picture]"),
        ["conv.sticker"] = ("[สติกเกอร์]", "[sticker]"),
        ["conv.sent"] = ("ส่งแล้ว", "Sent"),
        ["conv.not_sent"] = ("ส่งไม่ได้: {0}", "Not sent: {0}"),
        ["cases.title"] = ("เรื่องร้องเรียน", "Complaint cases"),
        ["cases.empty"] = ("ไม่มีเรื่องร้องเรียน", "No cases."),
        ["cases.all"] = ("ทั้งหมด", "All"),
        ["cases.due"] = ("ต้องตอบภายใน", "Answer due"),
        ["cases.overdue"] = ("เกินกำหนด", "overdue"),
        ["cases.answered"] = ("ตอบแล้ว", "answered"),
        ["status.open"] = ("เปิด", "open"),
        ["status.resolved"] = ("แก้ไขแล้ว", "resolved"),
        ["status.reopened"] = ("เปิดใหม่", "reopened"),
        ["severity.high"] = ("ด่วนมาก", "high"),
        ["severity.medium"] = ("ปานกลาง", "medium"),
        ["severity.low"] = ("ทั่วไป", "low"),
        ["category.damaged"] = ("สินค้าเสียหาย", "damaged"),
        ["category.wrong_item"] = ("ได้ของผิด", "wrong item"),
        ["category.missing"] = ("ของไม่ครบ/หาย", "missing"),
        ["category.late"] = ("ส่งช้า", "late"),
        ["category.quality"] = ("คุณภาพ", "quality"),
        ["category.service"] = ("การบริการ", "service"),
        ["category.other"] = ("อื่น ๆ", "other"),
        ["case.open_chat"] = ("เปิดแชท", "Open chat"),
        ["case.replacement"] = ("ส่งสินค้าทดแทน (ไม่คิดเงิน)", "Replacement order (no charge)"),
        ["case.refund"] = ("บันทึกการคืนเงิน (บาท)", "Record a refund (baht)"),
        ["case.voucher"] = ("ให้คูปองชดเชย (บาท)", "Compensation voucher (baht)"),
        ["case.reference"] = ("เลขอ้างอิง", "Reference"),
        ["case.timeline"] = ("ประวัติ", "Timeline"),
        ["case.csat"] = ("ความพึงพอใจ", "Satisfaction"),
        ["case.save"] = ("บันทึก", "Save"),
        ["case.wish"] = ("ลูกค้าต้องการ", "Customer wants"),
        ["audit.title"] = ("บันทึกการทำงาน (แก้ไขไม่ได้)", "Audit log (append-only)"),
        ["accounts.title"] = ("บัญชีผู้ใช้คอนโซล", "Console accounts"),
        ["accounts.add"] = ("เพิ่มบัญชี", "Add account"),
        ["accounts.name"] = ("ชื่อที่แสดง", "Display name"),
        ["accounts.role"] = ("สิทธิ์", "Role"),
        ["accounts.unlock"] = ("ปลดล็อก", "Unlock"),
        ["accounts.locked"] = ("ล็อกอยู่", "locked"),
        ["accounts.problem.email"] = ("อีเมลไม่ถูกต้อง", "That e-mail is not valid."),
        ["accounts.problem.taken"] = ("อีเมลนี้มีบัญชีแล้ว", "That e-mail has an account already."),
        ["accounts.problem.password"] = ("รหัสผ่านสั้นเกินไป", "The password is too short."),
        ["accounts.problem.role"] = ("สิทธิ์ไม่ถูกต้อง", "Unknown role."),
        ["bad_form"] = ("แบบฟอร์มหมดอายุหรือไม่ถูกต้อง กรุณาโหลดหน้าใหม่", "The form expired or is not valid; reload the page."),
        ["not_found"] = ("ไม่พบ", "Not found"),
        ["live"] = ("อัปเดตสด", "live"),
        ["when"] = ("เวลา", "When"),
        ["who"] = ("ผู้ทำ", "Who"),
        ["what"] = ("การกระทำ", "Action"),
        ["subject"] = ("รายการ", "Subject"),
        ["detail"] = ("รายละเอียด", "Detail"),
    }.ToFrozenDictionary();

    public ConsoleText(string lang, Domain.Shop.ShopOptions? shop = null)
    {
        Lang = lang == "en" ? "en" : "th";
        Shop = shop ?? new Domain.Shop.ShopOptions();
    }

    public string Lang { get; }

    /// <summary>The shop, whose clock (time zone) the console's times are shown on.</summary>
    public Domain.Shop.ShopOptions Shop { get; }

    public string this[string key] => Words.TryGetValue(key, out var word) ? (Lang == "en" ? word.En : word.Th) : key;

    public string Format(string key, params object[] values) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], values);

    public static ConsoleText Of(HttpContext http) =>
        new(http.Request.Cookies[Cookie] ?? "th", http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Domain.Shop.ShopOptions>>().Value);

    /// <summary>Every key, for the test that each has both languages.</summary>
    public static IEnumerable<string> Keys => Words.Keys;
}
