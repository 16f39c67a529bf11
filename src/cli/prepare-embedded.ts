import { prepareDataFolderTemplate } from '../database/embedded-postgres.js';

/**
 * The last step of `npm install` (postinstall): the new, empty data folder that a first start on
 * the embedded database copies instead of running initdb.
 */
const template = await prepareDataFolderTemplate();
process.stderr.write(`Embedded database template: ${template}\n`);
