/// The `?` overlay: every key binding from `KeyMap.bindings`, in a centred box over the panes.
public enum HelpOverlay {
    public static func draw(into grid: inout Grid) {
        let bindings = KeyMap.bindings
        let keyWidth = bindings.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let width = min(grid.width - 2, max(50, keyWidth + 3 + (bindings.map { DisplayWidth.of($0.meaning) }.max() ?? 0) + 4))
        let height = min(grid.height - 2, bindings.count + 4)
        let rect = Rect(x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        grid.fill(rect)
        grid.box(rect, title: "Keys", style: Style(.cyan, .bold), titleStyle: Style(.cyan, .bold))
        for (i, binding) in bindings.enumerated() where i + 1 < rect.height - 2 {
            let y = rect.y + 1 + i
            grid.put(binding.keys, x: rect.x + 2, y: y, width: keyWidth, style: .bold)
            grid.put(binding.meaning, x: rect.x + 2 + keyWidth + 3, y: y, maxWidth: rect.width - keyWidth - 7)
        }
        grid.put("press any key to close", x: rect.x + 2, y: rect.maxY - 2, maxWidth: rect.width - 4, style: .dim)
    }
}
