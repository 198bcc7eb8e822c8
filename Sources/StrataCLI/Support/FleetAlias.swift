import Strata

/// The fleet types, named as the commands name them.
typealias Fleet = Strata.Fleet
