namespace ChatCommerce.Domain.Catalog;

/// <summary>The seeded demo shop: a small Thai catalog in three categories.</summary>
public static class DemoCatalog
{
    public static IReadOnlyList<Category> Categories { get; } =
    [
        new() { Id = "apparel", NameTh = "เสื้อผ้า", NameEn = "Apparel", SortOrder = 1 },
        new() { Id = "beauty", NameTh = "ความงาม", NameEn = "Beauty", SortOrder = 2 },
        new() { Id = "snacks", NameTh = "ขนมและของฝาก", NameEn = "Snacks & gifts", SortOrder = 3 },
    ];

    public static IReadOnlyList<Product> Products { get; } =
    [
        P("TS-BLK", "dm1", "apparel", "เสื้อยืดคอกลม สีดำ", "Crew-neck T-shirt, black", "ผ้าคอตตอน 100% ใส่สบาย ไซซ์ S–XL", "100% cotton, sizes S–XL", 259, 40, 180),
        P("TS-WHT", "dm2", "apparel", "เสื้อยืดคอกลม สีขาว", "Crew-neck T-shirt, white", "ผ้าคอตตอน 100% ใส่สบาย ไซซ์ S–XL", "100% cotton, sizes S–XL", 259, 25, 180),
        P("SH-LIN", "dm3", "apparel", "เสื้อเชิ้ตผ้าลินิน", "Linen shirt", "ผ้าลินินระบายอากาศดี เหมาะกับอากาศร้อน", "Breathable linen for hot days", 590, 12, 250),
        P("PT-FSH", "dm4", "apparel", "กางเกงเลชาวเล", "Fisherman pants", "ผ้าฝ้ายทอมือ ฟรีไซซ์", "Hand-woven cotton, free size", 350, 18, 300),
        P("DR-SUM", "dm5", "apparel", "เดรสลายดอก", "Floral summer dress", "เดรสยาวลายดอก ผ้าชีฟอง", "Long chiffon dress with floral print", 890, 0, 280),
        P("BG-TOT", "dm6", "apparel", "กระเป๋าผ้าแคนวาส", "Canvas tote bag", "ใส่ของได้เยอะ พิมพ์ลายช้างไทย", "Roomy, Thai elephant print", 199, 60, 220),
        P("BT-SUN", "bt1", "beauty", "กันแดด SPF50 PA++++", "Sunscreen SPF50 PA++++", "เนื้อบางเบา ไม่เหนียวเหนอะหนะ 30 มล.", "Light, non-sticky, 30 ml", 390, 35, 60),
        P("BT-SER", "bt2", "beauty", "เซรั่มวิตามินซี", "Vitamin C serum", "ผิวกระจ่างใส 15 มล.", "Brightening, 15 ml", 690, 20, 50),
        P("BT-LIP", "bt3", "beauty", "ลิปทินท์ สีส้มอิฐ", "Lip tint, brick orange", "ติดทนนาน ไม่ตกร่อง", "Long-lasting, smooth finish", 159, 80, 20),
        P("BT-SOP", "bt4", "beauty", "สบู่สมุนไพรมะขาม", "Tamarind herbal soap", "สบู่ทำมือจากมะขามและขมิ้น 100 กรัม", "Handmade with tamarind and turmeric, 100 g", 89, 150, 110),
        P("SN-MNG", "sn1", "snacks", "มะม่วงอบแห้ง", "Dried mango", "มะม่วงน้ำดอกไม้อบแห้ง 200 กรัม", "Nam Dok Mai mango, 200 g", 120, 90, 220),
        P("SN-DUR", "sn2", "snacks", "ทุเรียนทอดกรอบ", "Durian chips", "ทุเรียนหมอนทองทอด 100 กรัม", "Monthong durian chips, 100 g", 250, 45, 120),
        P("SN-TEA", "sn3", "snacks", "ชาไทยสูตรโบราณ", "Traditional Thai tea", "ใบชาคัดพิเศษ 400 กรัม ชงได้ 40 แก้ว", "Selected leaves, 400 g, about 40 cups", 180, 70, 420),
        P("SN-CHI", "sn4", "snacks", "น้ำพริกเผา", "Roasted chili paste", "น้ำพริกเผาสูตรคุณยาย 250 กรัม", "Grandma's recipe, 250 g", 95, 0, 300),
        P("SN-BOX", "sn5", "snacks", "ชุดของฝากรวม", "Thai gift box", "มะม่วงอบแห้ง ทุเรียนทอด และชาไทยในกล่องของขวัญ", "Dried mango, durian chips and Thai tea in a gift box", 520, 15, 800),
    ];

    private static Product P(string sku, string cf, string category, string nameTh, string nameEn, string descriptionTh, string descriptionEn, int priceBaht, int stock, int grams) => new()
    {
        Sku = sku,
        CfCode = cf,
        CategoryId = category,
        NameTh = nameTh,
        NameEn = nameEn,
        DescriptionTh = descriptionTh,
        DescriptionEn = descriptionEn,
        PriceSatang = priceBaht * 100L,
        Stock = stock,
        WeightGrams = grams,
        ImagePath = $"media/products/{sku}.png",
        Sizes = sku is "TS-BLK" or "TS-WHT" ? ["S", "M", "L", "XL"] : sku is "SH-LIN" or "DR-SUM" ? ["M", "L"] : [],
        RestockOn = sku == "DR-SUM" ? DateOnly.FromDateTime(DateTime.UtcNow.AddDays(21)) : null,
    };
}
