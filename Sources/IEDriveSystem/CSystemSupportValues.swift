import CSystemSupport

// The _GNU_SOURCE constants, read once from the C target that sees them.
let directFlag: Int32 = iedrive_open_direct
let renameNoReplaceFlag: UInt32 = iedrive_rename_noreplace
let renameExchangeFlag: UInt32 = iedrive_rename_exchange
let seekDataWhence: Int32 = iedrive_seek_data
let seekHoleWhence: Int32 = iedrive_seek_hole
