@_exported public import StrataCore
@_exported public import StrataTransfer
