/// Catalogue coverage: the share of the catalogue that appears in at least one user's top K.
/// Cost O(total list length).
public enum CatalogCoverage {
    /// `lists`: every evaluated user's top-K list; `itemCount`: catalogue size.
    public static func value(lists: [[Int]], itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var seen = Set<Int>()
        for list in lists { seen.formUnion(list) }
        return Double(seen.count) / Double(itemCount)
    }
}
