/**
 * Entry of functions.js, the bundle Excel's shared runtime loads. Importing the declaration modules is
 * enough: at build time the custom-functions-metadata plugin appends `CustomFunctions.associate(id, fn)`
 * for every declared function to the module that declares it. The shim first: outside Excel there is
 * no CustomFunctions global to associate with.
 */
import './custom-functions-shim';
import '../../functions';
